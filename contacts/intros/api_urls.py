"""API routes of contacts/intros (included by contacts/api_urls.py under /api/v1/g/<tenant_slug>/)."""

urlpatterns: list = []
