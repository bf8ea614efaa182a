from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bns.api.views import MeView, TokenObtainView, router

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token-obtain"),
    path("me/", MeView.as_view(), name="api-me"),
    path("g/<slug:tenant_slug>/", include(router.urls)),
]
