import pytest
from django.http import Http404

from bns.access import membership_resolve
from bns.models import Site
from bns.selectors import site_get_for
from bns.tenancy import TenantScopeError, current_tenant, tenant_scope
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_scoped_manager_raises_without_tenant(tenant):
    SiteFactory(tenant=tenant)
    with pytest.raises(TenantScopeError):
        list(Site.objects.all())


def test_scoped_manager_sees_only_its_tenant(tenant, other_tenant):
    mine = SiteFactory(tenant=tenant)
    SiteFactory(tenant=other_tenant)
    with tenant_scope(tenant):
        assert list(Site.objects.all()) == [mine]
    assert current_tenant() is None


def test_unscoped_manager_is_the_explicit_way_around(tenant, other_tenant):
    SiteFactory(tenant=tenant)
    SiteFactory(tenant=other_tenant)
    assert Site.unscoped.count() == 2


def test_save_refuses_a_row_of_another_tenant_in_scope(tenant, other_tenant):
    with tenant_scope(tenant), pytest.raises(TenantScopeError):
        Site(tenant=other_tenant, name="Intrus").save()


def test_save_fills_tenant_from_scope(tenant):
    with tenant_scope(tenant):
        site = Site(name="Rennes")
        site.save()
    assert site.tenant_id == tenant.pk


def test_get_for_answers_404_for_other_tenant_and_missing(tenant, other_tenant):
    theirs = SiteFactory(tenant=other_tenant)
    with pytest.raises(Http404):
        site_get_for(tenant=tenant, pk=theirs.pk)
    with pytest.raises(Http404):
        site_get_for(tenant=tenant, pk=999999)
    with pytest.raises(Http404):
        site_get_for(tenant=tenant, pk="abc")


def test_membership_resolve_404_for_non_member(tenant, other_tenant, admin_user):
    assert membership_resolve(user=admin_user, tenant_slug=tenant.slug).tenant == tenant
    with pytest.raises(Http404):
        membership_resolve(user=admin_user, tenant_slug=other_tenant.slug)
    with pytest.raises(Http404):
        membership_resolve(user=admin_user, tenant_slug="does-not-exist")


def test_an_unexpected_api_error_leaves_no_tenant_in_scope(tenant, admin_user, monkeypatch):
    """DRF re-raises unexpected errors before finalize_response: the scope must still end with the request."""
    from rest_framework.test import APIClient

    from bns.api import views as api_views

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api_views.selectors, "site_list", broken)
    client = APIClient()
    client.raise_request_exception = False
    client.force_authenticate(admin_user)
    response = client.get(f"/api/v1/g/{tenant.slug}/sites/")
    assert response.status_code == 500
    assert current_tenant() is None


def test_an_unexpected_page_error_leaves_no_tenant_in_scope(tenant, admin_user, client, monkeypatch):
    from bns.views import org as page_views

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(page_views.selectors, "site_list", broken)
    client.raise_request_exception = False
    client.force_login(admin_user)
    response = client.get(f"/g/{tenant.slug}/sites/")
    assert response.status_code == 500
    assert current_tenant() is None
