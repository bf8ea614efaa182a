from django.urls import path

from bns.programme.home import views

urlpatterns = [
    path("", views.programme_home, name="programme_home"),
]
