"""Pages of contacts/referrals (included by contacts/urls.py under /g/<tenant_slug>/contacts/)."""

urlpatterns: list = []
