"""Pages of the networking app, under /g/<tenant_slug>/networking/."""

from django.urls import include, path

from networking import views

urlpatterns = [
    path("", views.networking_home, name="networking_home"),
    path("profiles/", include("networking.profiles.urls")),
    path("activity/", include("networking.activity.urls")),
    path("networks/", include("networking.networks.urls")),
    path("coaching/", include("networking.coaching.urls")),
    path("charter/", include("networking.charter.urls")),
    path("pulse/", include("networking.pulse.urls")),
    path("score/", include("networking.score.urls")),
]
