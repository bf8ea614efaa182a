"""Pages of contacts/plans (included by contacts/urls.py under /g/<tenant_slug>/contacts/)."""

urlpatterns: list = []
