"""Pages of the networking app, under /g/<tenant_slug>/networking/."""

from django.urls import include, path

from networking import mydata, views
from networking.score import settings_views

urlpatterns = [
    path("", views.networking_home, name="networking_home"),
    path("settings/", settings_views.networking_settings, name="networking_settings"),
    path("my-data/", mydata.networking_my_data, name="networking_my_data"),
    path("my-data/export.json", mydata.networking_my_data_export, name="networking_my_data_export"),
    path("profiles/", include("networking.profiles.urls")),
    path("activity/", include("networking.activity.urls")),
    path("networks/", include("networking.networks.urls")),
    path("coaching/", include("networking.coaching.urls")),
    path("charter/", include("networking.charter.urls")),
    path("pulse/", include("networking.pulse.urls")),
    path("score/", include("networking.score.urls")),
]
