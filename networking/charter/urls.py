"""Pages of the charter (included by networking/urls.py under /g/<tenant_slug>/networking/charter/)."""

from django.urls import path

from networking.charter import views

urlpatterns = [
    path("", views.charter_page, name="networking_charter"),
    path("v/<int:version>/", views.charter_version, name="networking_charter_version"),
    path("acknowledge/", views.charter_acknowledge, name="networking_charter_acknowledge"),
    path("publish/", views.charter_publish, name="networking_charter_publish"),
    path("rates.csv", views.charter_rates_export, name="networking_charter_rates_export"),
]
