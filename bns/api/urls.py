from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bns.api.notifications import router as notifications_router
from bns.api.views import MeView, TenantSettingsView, TokenObtainView, router

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(http_method_names=["get", "head"]), name="schema"),
    # GET/HEAD only: DRF's OPTIONS metadata has no template in the Swagger view's HTML renderer (a 500).
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="swagger-ui",
    ),
    path("auth/token/", TokenObtainView.as_view(), name="api-token-obtain"),
    path("me/", MeView.as_view(), name="api-me"),
    path("g/<slug:tenant_slug>/settings/", TenantSettingsView.as_view(), name="api-tenant-settings"),
    path("g/<slug:tenant_slug>/", include(router.urls)),
    path("g/<slug:tenant_slug>/", include("contacts.api_urls")),
    path("g/<slug:tenant_slug>/", include("networking.api_urls")),
    path("g/<slug:tenant_slug>/", include("bns.programme.api_urls")),
    path("g/<slug:tenant_slug>/", include("dashboards.api_urls")),
    path("g/<slug:tenant_slug>/", include(notifications_router.urls)),
]
