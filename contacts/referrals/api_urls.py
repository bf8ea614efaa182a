"""API routes of contacts/referrals (included by contacts/api_urls.py under /api/v1/g/<tenant_slug>/)."""

urlpatterns: list = []
