from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from bns.views import members, shell

tenant_patterns = [
    path("", shell.tenant_home, name="tenant_home"),
    path("", include("bns.org_urls")),
    path("", include("bns.member_urls")),
    path("contacts/", include("contacts.urls")),
    path("networking/", include("networking.urls")),
    path("programme/", include("bns.programme.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("notifications/", include("bns.notification_urls")),
]

urlpatterns = [
    path("", shell.root, name="home"),
    path("healthz", shell.healthz, name="healthz"),
    path("switch/", shell.tenant_switch, name="tenant_switch"),
    path("me/api-token/", shell.api_token, name="api_token"),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("g/<slug:tenant_slug>/", include(tenant_patterns)),
    path("api/v1/", include("bns.api.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
