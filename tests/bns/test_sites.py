import pytest
from django.urls import reverse

from bns.models import AuditEvent, Site
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_a_site_and_it_is_audited(admin_client, tenant):
    url = reverse("site_create", args=[tenant.slug])
    response = admin_client.post(url, {"name": "Peugeot Rennes", "brands": "Peugeot", "city": "Rennes", "region": "Bretagne"})
    assert response.status_code == 302
    site = Site.unscoped.get(tenant=tenant)
    assert site.name == "Peugeot Rennes"
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="site.create", object_id=str(site.pk)).exists()


def test_duplicate_name_is_a_form_error(admin_client, tenant):
    SiteFactory(tenant=tenant, name="Peugeot Rennes")
    response = admin_client.post(reverse("site_create", args=[tenant.slug]), {"name": "peugeot rennes"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert Site.unscoped.filter(tenant=tenant).count() == 1


def test_employee_cannot_create_but_can_list(employee_client, tenant):
    SiteFactory(tenant=tenant, name="Citroën Vannes")
    assert employee_client.get(reverse("site_create", args=[tenant.slug])).status_code == 403
    response = employee_client.get(reverse("site_list", args=[tenant.slug]))
    assert response.status_code == 200
    assert "Citroën Vannes" in response.content.decode()


def test_site_list_query_count_does_not_grow(admin_client, tenant, django_assert_max_num_queries):
    url = reverse("site_list", args=[tenant.slug])
    SiteFactory.create_batch(3, tenant=tenant)
    with django_assert_max_num_queries(12):
        admin_client.get(url)
    SiteFactory.create_batch(40, tenant=tenant)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


def test_rename_to_an_existing_name_is_a_form_error_from_the_service(admin_client, tenant):
    SiteFactory(tenant=tenant, name="Peugeot Rennes")
    site = SiteFactory(tenant=tenant, name="Citroën Vannes")
    response = admin_client.post(reverse("site_edit", args=[tenant.slug, site.pk]), {"name": "PEUGEOT RENNES"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    site.refresh_from_db()
    assert site.name == "Citroën Vannes"


def test_other_tenants_site_is_a_404(admin_client, tenant, other_tenant):
    theirs = SiteFactory(tenant=other_tenant)
    assert admin_client.get(reverse("site_edit", args=[tenant.slug, theirs.pk])).status_code == 404
    assert admin_client.post(reverse("site_delete", args=[tenant.slug, theirs.pk])).status_code == 404
    assert Site.unscoped.filter(pk=theirs.pk).exists()
