"""Pages of the attitudes, under /g/<tenant_slug>/programme/attitudes/."""

from django.urls import path

from bns.programme.attitudes import views

urlpatterns = [
    path("", views.programme_attitudes, name="programme_attitudes"),
    path("behaviours/<slug:role>/", views.programme_attitudes_edit, name="programme_attitudes_edit"),
]
