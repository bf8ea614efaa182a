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
