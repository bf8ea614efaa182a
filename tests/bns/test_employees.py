import csv
import io

import pytest
from django.urls import reverse

from bns.models import AuditEvent, Employee
from tests.factories import DepartmentFactory, EmployeeFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [e.full_name for e in response.context["page"].object_list]


def _form_data(**overrides) -> dict:
    data = {
        "first_name": "Hervé",
        "last_name": "Le Goff",
        "email": "herve.legoff@armor.example",
        "external_id": "M001",
        "site": "",
        "department": "",
        "job_title": "Vendeur VN",
        "manager": "",
    }
    data.update(overrides)
    return data


# --- Create / edit ------------------------------------------------------------------------------------


def test_admin_creates_an_employee_with_site_department_and_manager(admin_client, tenant):
    site = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    department = DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    boss = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Chef")
    response = admin_client.post(
        reverse("employee_create", args=[tenant.slug]),
        _form_data(site=site.pk, department=department.pk, manager=boss.pk, email="Herve.LeGoff@Armor.example"),
    )
    assert response.status_code == 302
    employee = Employee.unscoped.get(tenant=tenant, external_id="M001")
    assert response["Location"] == reverse("employee_detail", args=[tenant.slug, employee.pk])
    assert (employee.site, employee.department, employee.manager) == (site, department, boss)
    assert employee.email == "herve.legoff@armor.example"
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="employee.create", object_id=str(employee.pk)).exists()


def test_create_form_offers_only_the_tenants_objects(admin_client, tenant, other_tenant):
    SiteFactory(tenant=tenant, name="Peugeot Rennes")
    SiteFactory(tenant=other_tenant, name="Renault Nantes")
    EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Active")
    EmployeeFactory(tenant=tenant, first_name="Igor", last_name="Inactif", is_active=False)
    EmployeeFactory(tenant=other_tenant, first_name="Otto", last_name="Autre")
    response = admin_client.get(reverse("employee_create", args=[tenant.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peugeot Rennes" in html and "Anne Active" in html
    assert "Renault Nantes" not in html and "Otto Autre" not in html and "Igor Inactif" not in html


def test_other_tenants_ids_and_garbage_are_form_errors_not_500(admin_client, tenant, other_tenant):
    their_site = SiteFactory(tenant=other_tenant)
    their_department = DepartmentFactory(tenant=other_tenant)
    their_employee = EmployeeFactory(tenant=other_tenant)
    url = reverse("employee_create", args=[tenant.slug])
    response = admin_client.post(
        url, _form_data(site=their_site.pk, department=their_department.pk, manager=their_employee.pk)
    )
    assert response.status_code == 400
    assert {"site", "department", "manager"} <= set(response.context["form"].errors)
    response = admin_client.post(url, _form_data(site="abc", department="1; DROP", manager="999999999"))
    assert response.status_code == 400
    assert {"site", "department", "manager"} <= set(response.context["form"].errors)
    assert not Employee.unscoped.filter(tenant=tenant).exists()


def test_duplicate_email_is_a_form_error_from_the_service(admin_client, tenant):
    EmployeeFactory(tenant=tenant, email="herve.legoff@armor.example")
    response = admin_client.post(reverse("employee_create", args=[tenant.slug]), _form_data(email="HERVE.LEGOFF@armor.example"))
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert Employee.unscoped.filter(tenant=tenant).count() == 1


def test_admin_edits_an_employee(admin_client, tenant):
    employee = EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Le Goff", job_title="Vendeur VN")
    boss = EmployeeFactory(tenant=tenant)
    url = reverse("employee_edit", args=[tenant.slug, employee.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["job_title"] == "Vendeur VN"
    # The employee is never offered as their own manager.
    assert employee not in response.context["form"].fields["manager"].queryset
    response = admin_client.post(
        url,
        _form_data(email=employee.email, site=employee.site_id, department=employee.department_id, job_title="Chef des ventes", manager=boss.pk),
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.job_title, employee.manager_id) == ("Chef des ventes", boss.pk)
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="employee.update", object_id=str(employee.pk)).exists()


def test_manager_loop_is_a_form_error(admin_client, tenant):
    boss = EmployeeFactory(tenant=tenant)
    report = EmployeeFactory(tenant=tenant, manager=boss)
    response = admin_client.post(
        reverse("employee_edit", args=[tenant.slug, boss.pk]),
        _form_data(first_name=boss.first_name, last_name=boss.last_name, email=boss.email, manager=report.pk),
    )
    assert response.status_code == 400
    assert "manager" in response.context["form"].errors
    boss.refresh_from_db()
    assert boss.manager_id is None


def test_edit_keeps_an_inactive_current_manager_selectable(admin_client, tenant):
    former = EmployeeFactory(tenant=tenant, is_active=False)
    employee = EmployeeFactory(tenant=tenant, manager=former)
    response = admin_client.post(
        reverse("employee_edit", args=[tenant.slug, employee.pk]),
        _form_data(first_name="Nouveau", last_name=employee.last_name, email=employee.email, manager=former.pk),
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.first_name, employee.manager_id) == ("Nouveau", former.pk)


# --- Detail / toggle / permissions --------------------------------------------------------------------


def test_detail_shows_management_line_and_direct_reports(employee_client, tenant):
    ceo = EmployeeFactory(tenant=tenant, first_name="Claire", last_name="Directrice")
    manager = EmployeeFactory(tenant=tenant, first_name="Marc", last_name="Chefdesventes", manager=ceo)
    employee = EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Vendeur", manager=manager)
    EmployeeFactory(tenant=tenant, first_name="Julie", last_name="Collègue", manager=manager)
    response = employee_client.get(reverse("employee_detail", args=[tenant.slug, manager.pk]))
    assert response.status_code == 200
    assert response.context["manager_line"] == [ceo]
    assert {e.first_name for e in response.context["reports"]} == {"Hervé", "Julie"}
    html = response.content.decode()
    assert "Claire Directrice" in html and "Julie Collègue" in html
    response = employee_client.get(reverse("employee_detail", args=[tenant.slug, employee.pk]))
    assert response.context["manager_line"] == [manager, ceo]
    assert "Aucun collaborateur ne dépend de ce collaborateur." in response.content.decode()


def test_other_tenants_employee_is_a_404(admin_client, tenant, other_tenant):
    theirs = EmployeeFactory(tenant=other_tenant)
    for name in ("employee_detail", "employee_edit"):
        assert admin_client.get(reverse(name, args=[tenant.slug, theirs.pk])).status_code == 404
    assert admin_client.post(reverse("employee_toggle_active", args=[tenant.slug, theirs.pk])).status_code == 404
    assert Employee.unscoped.get(pk=theirs.pk).is_active


def test_deactivate_then_reactivate(admin_client, tenant):
    employee = EmployeeFactory(tenant=tenant)
    url = reverse("employee_toggle_active", args=[tenant.slug, employee.pk])
    assert admin_client.get(url).status_code == 405
    assert admin_client.post(url).status_code == 302
    employee.refresh_from_db()
    assert not employee.is_active
    assert employee not in admin_client.get(reverse("employee_list", args=[tenant.slug])).context["page"].object_list
    assert admin_client.post(url).status_code == 302
    employee.refresh_from_db()
    assert employee.is_active
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="employee.update", object_id=str(employee.pk)).count() == 2


def test_employee_role_reads_but_cannot_write(employee_client, tenant):
    employee = EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Le Goff")
    assert employee_client.get(reverse("employee_list", args=[tenant.slug])).status_code == 200
    assert employee_client.get(reverse("employee_detail", args=[tenant.slug, employee.pk])).status_code == 200
    assert employee_client.get(reverse("employee_export", args=[tenant.slug])).status_code == 200
    assert employee_client.get(reverse("employee_create", args=[tenant.slug])).status_code == 403
    assert employee_client.post(reverse("employee_create", args=[tenant.slug]), _form_data()).status_code == 403
    assert employee_client.get(reverse("employee_edit", args=[tenant.slug, employee.pk])).status_code == 403
    assert employee_client.post(reverse("employee_edit", args=[tenant.slug, employee.pk]), _form_data()).status_code == 403
    assert employee_client.post(reverse("employee_toggle_active", args=[tenant.slug, employee.pk])).status_code == 403
    assert employee_client.get(reverse("employee_import", args=[tenant.slug])).status_code == 403
    assert employee_client.get(reverse("employee_import_template", args=[tenant.slug])).status_code == 403
    employee.refresh_from_db()
    assert employee.is_active and employee.first_name == "Hervé"
    html = employee_client.get(reverse("employee_detail", args=[tenant.slug, employee.pk])).content.decode()
    assert reverse("employee_edit", args=[tenant.slug, employee.pk]) not in html


# --- List: search, filters, pagination ---------------------------------------------------------------


def test_list_search_by_name_email_job_title_and_number(admin_client, tenant):
    EmployeeFactory(tenant=tenant, first_name="Hervé", last_name="Le Goff", email="hlg@armor.example", job_title="Chef des ventes", external_id="M042")
    EmployeeFactory(tenant=tenant, first_name="Julie", last_name="Martin", email="jm@armor.example", job_title="Conseillère APV", external_id="M043")
    url = reverse("employee_list", args=[tenant.slug])
    assert _names(admin_client.get(url, {"q": "goff"})) == ["Hervé Le Goff"]
    assert _names(admin_client.get(url, {"q": "jm@armor"})) == ["Julie Martin"]
    assert _names(admin_client.get(url, {"q": "chef des"})) == ["Hervé Le Goff"]
    assert _names(admin_client.get(url, {"q": "M043"})) == ["Julie Martin"]
    response = admin_client.get(url, {"q": "personne"})
    assert _names(response) == []
    assert "Aucun collaborateur ne correspond à ces filtres." in response.content.decode()


def test_list_filters_site_department_and_active(admin_client, tenant, other_tenant):
    rennes, vannes = SiteFactory(tenant=tenant, name="Rennes"), SiteFactory(tenant=tenant, name="Vannes")
    vn, apv = DepartmentFactory(tenant=tenant, code="VN"), DepartmentFactory(tenant=tenant, code="APV")
    EmployeeFactory(tenant=tenant, first_name="A", last_name="Rennes-VN", site=rennes, department=vn)
    EmployeeFactory(tenant=tenant, first_name="B", last_name="Rennes-APV", site=rennes, department=apv)
    EmployeeFactory(tenant=tenant, first_name="C", last_name="Vannes-VN", site=vannes, department=vn)
    EmployeeFactory(tenant=tenant, first_name="D", last_name="Parti", site=rennes, department=vn, is_active=False)
    their_site = SiteFactory(tenant=other_tenant)
    EmployeeFactory(tenant=other_tenant, site=their_site)
    url = reverse("employee_list", args=[tenant.slug])
    assert _names(admin_client.get(url)) == ["B Rennes-APV", "A Rennes-VN", "C Vannes-VN"]
    assert _names(admin_client.get(url, {"site": rennes.pk})) == ["B Rennes-APV", "A Rennes-VN"]
    assert _names(admin_client.get(url, {"department": vn.pk})) == ["A Rennes-VN", "C Vannes-VN"]
    assert _names(admin_client.get(url, {"site": rennes.pk, "department": vn.pk})) == ["A Rennes-VN"]
    assert _names(admin_client.get(url, {"active": "0"})) == ["D Parti"]
    assert len(_names(admin_client.get(url, {"active": "all"}))) == 4
    # Another tenant's site id, and garbage, never leak nor crash.
    assert _names(admin_client.get(url, {"site": their_site.pk})) == []
    response = admin_client.get(url, {"site": "abc", "department": "x", "active": "maybe", "page": "zz"})
    assert response.status_code == 200
    assert len(_names(response)) == 3


def test_list_paginates_by_50(admin_client, tenant):
    site = SiteFactory(tenant=tenant)
    department = DepartmentFactory(tenant=tenant)
    EmployeeFactory.create_batch(55, tenant=tenant, site=site, department=department)
    url = reverse("employee_list", args=[tenant.slug])
    assert len(_names(admin_client.get(url))) == 50
    response = admin_client.get(url, {"page": 2, "site": site.pk})
    assert len(_names(response)) == 5
    assert f"site={site.pk}" in response.context["querystring"]


def test_empty_list_says_what_to_do(admin_client, tenant):
    html = admin_client.get(reverse("employee_list", args=[tenant.slug])).content.decode()
    assert "Aucun collaborateur pour l'instant" in html
    assert reverse("employee_import", args=[tenant.slug]) in html
    assert reverse("employee_create", args=[tenant.slug]) in html


def test_site_list_counts_link_to_the_filtered_employee_list(admin_client, tenant):
    site = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    EmployeeFactory(tenant=tenant, site=site)
    html = admin_client.get(reverse("site_list", args=[tenant.slug])).content.decode()
    assert f'{reverse("employee_list", args=[tenant.slug])}?site={site.pk}' in html


@pytest.mark.parametrize("url_name", ["employee_list", "employee_export"])
def test_list_and_export_query_count_does_not_grow(admin_client, tenant, django_assert_max_num_queries, url_name):
    url = reverse(url_name, args=[tenant.slug])
    boss = EmployeeFactory(tenant=tenant)
    EmployeeFactory.create_batch(2, tenant=tenant, manager=boss)
    with django_assert_max_num_queries(14):
        assert admin_client.get(url).status_code == 200
    EmployeeFactory.create_batch(57, tenant=tenant, manager=boss)
    with django_assert_max_num_queries(14):
        assert admin_client.get(url).status_code == 200


def test_detail_query_count_does_not_grow_with_reports(admin_client, tenant, django_assert_max_num_queries):
    boss = EmployeeFactory(tenant=tenant)
    url = reverse("employee_detail", args=[tenant.slug, boss.pk])
    EmployeeFactory.create_batch(3, tenant=tenant, manager=boss)
    with django_assert_max_num_queries(12):
        admin_client.get(url)
    EmployeeFactory.create_batch(40, tenant=tenant, manager=boss)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


# --- Export ---------------------------------------------------------------------------------------------


def test_export_is_excel_fr_csv_of_the_filtered_list(admin_client, tenant):
    rennes = SiteFactory(tenant=tenant, name="Peugeot Rennes")
    vn = DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    boss = EmployeeFactory(tenant=tenant, first_name="Anne", last_name="Chef", email="anne@armor.example", external_id="M1", site=rennes)
    EmployeeFactory(
        tenant=tenant, first_name="Hervé", last_name="Le Goff", email="herve@armor.example", external_id="M2",
        site=rennes, department=vn, job_title="=HYPERLINK(\"x\")", manager=boss,
    )
    EmployeeFactory(tenant=tenant, first_name="Autre", last_name="Concession")
    EmployeeFactory(tenant=tenant, first_name="Parti", last_name="Ancien", site=rennes, is_active=False)
    response = admin_client.get(reverse("employee_export", args=[tenant.slug]), {"site": rennes.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows[0]) == 10
    assert [r[1] for r in rows[1:]] == ["Chef", "Le Goff"]  # filtered: Rennes, active only
    herve = rows[2]
    assert herve[:6] == ["Hervé", "Le Goff", "herve@armor.example", "M2", "Peugeot Rennes", "Véhicules neufs"]
    assert herve[6].startswith("'=")  # a formula is neutralised for Excel
    assert herve[7:9] == ["anne@armor.example", "M1"]
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="employee.export", data__count=2).exists()
