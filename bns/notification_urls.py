"""The bell's pages, under /g/<tenant_slug>/notifications/."""

from django.urls import path

from bns.views import notifications

urlpatterns = [
    path("", notifications.notification_list, name="notification_list"),
    path("read-all/", notifications.notification_mark_all_read, name="notification_mark_all_read"),
    path("<int:pk>/", notifications.notification_open, name="notification_open"),
    path("<int:pk>/read/", notifications.notification_mark_one_read, name="notification_mark_read"),
]
