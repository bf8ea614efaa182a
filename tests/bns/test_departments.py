import pytest
from django.urls import reverse

from bns.models import AuditEvent, Department, Employee
from tests.factories import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db


def test_list_shows_departments_with_active_employee_counts(admin_client, tenant, other_tenant):
    vn = DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs", position=0)
    DepartmentFactory(tenant=tenant, code="APV", name="Après-vente", position=1)
    DepartmentFactory(tenant=other_tenant, code="XX", name="Service d'un autre groupe")
    EmployeeFactory.create_batch(2, tenant=tenant, department=vn)
    EmployeeFactory(tenant=tenant, department=vn, is_active=False)
    response = admin_client.get(reverse("department_list", args=[tenant.slug]))
    assert response.status_code == 200
    rows = {d.code: d.employee_count for d in response.context["page"].object_list}
    assert rows == {"VN": 2, "APV": 0}
    html = response.content.decode()
    assert "Après-vente" in html
    assert "Service d'un autre groupe" not in html
    assert f"?department={vn.pk}" in html


def test_list_search_by_code_or_name(admin_client, tenant):
    DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    DepartmentFactory(tenant=tenant, code="RH", name="Ressources humaines")
    url = reverse("department_list", args=[tenant.slug])
    assert [d.code for d in admin_client.get(url, {"q": "rh"}).context["page"].object_list] == ["RH"]
    assert [d.code for d in admin_client.get(url, {"q": "neufs"}).context["page"].object_list] == ["VN"]
    response = admin_client.get(url, {"q": "zzz"})
    assert "Aucun service ne correspond à cette recherche." in response.content.decode()


def test_admin_creates_a_department_at_the_end_and_it_is_audited(admin_client, tenant):
    DepartmentFactory(tenant=tenant, code="VN", name="VN", position=0)
    response = admin_client.post(reverse("department_create", args=[tenant.slug]), {"code": "FLOT", "name": "Flottes", "position": ""})
    assert response.status_code == 302
    department = Department.unscoped.get(tenant=tenant, code="FLOT")
    assert department.position == 1
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="department.create", object_id=str(department.pk)).exists()


def test_duplicate_code_or_name_is_a_form_error(admin_client, tenant):
    DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    response = admin_client.post(reverse("department_create", args=[tenant.slug]), {"code": "vn", "name": "véhicules NEUFS"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "code" in errors and "name" in errors
    assert Department.unscoped.filter(tenant=tenant).count() == 1


def test_admin_renames_a_department(admin_client, tenant):
    department = DepartmentFactory(tenant=tenant, code="VO", name="VO")
    url = reverse("department_edit", args=[tenant.slug, department.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"code": "VO", "name": "Véhicules d'occasion", "position": "3"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.position) == ("Véhicules d'occasion", 3)
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="department.update").exists()


def test_rename_to_an_existing_name_is_a_form_error(admin_client, tenant):
    DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    department = DepartmentFactory(tenant=tenant, code="VO", name="VO")
    response = admin_client.post(
        reverse("department_edit", args=[tenant.slug, department.pk]), {"code": "VO", "name": "Véhicules neufs"}
    )
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    department.refresh_from_db()
    assert department.name == "VO"


def test_delete_keeps_the_employees(admin_client, tenant):
    department = DepartmentFactory(tenant=tenant, code="MKT", name="Marketing")
    employee = EmployeeFactory(tenant=tenant, department=department)
    url = reverse("department_delete", args=[tenant.slug, department.pk])
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Department.unscoped.filter(pk=department.pk).exists()
    employee = Employee.unscoped.get(pk=employee.pk)
    assert employee.department_id is None
    assert AuditEvent.unscoped.filter(tenant=tenant, verb="department.delete").exists()


def test_employee_role_reads_but_cannot_write(employee_client, tenant):
    department = DepartmentFactory(tenant=tenant, code="VN", name="Véhicules neufs")
    assert employee_client.get(reverse("department_list", args=[tenant.slug])).status_code == 200
    assert employee_client.get(reverse("department_create", args=[tenant.slug])).status_code == 403
    assert employee_client.post(reverse("department_create", args=[tenant.slug]), {"code": "X", "name": "X"}).status_code == 403
    assert employee_client.get(reverse("department_edit", args=[tenant.slug, department.pk])).status_code == 403
    assert employee_client.post(reverse("department_delete", args=[tenant.slug, department.pk])).status_code == 403
    assert Department.unscoped.filter(tenant=tenant).count() == 1


def test_other_tenants_department_is_a_404(admin_client, tenant, other_tenant):
    theirs = DepartmentFactory(tenant=other_tenant, code="VN", name="VN")
    assert admin_client.get(reverse("department_edit", args=[tenant.slug, theirs.pk])).status_code == 404
    assert admin_client.post(reverse("department_delete", args=[tenant.slug, theirs.pk])).status_code == 404
    assert Department.unscoped.filter(pk=theirs.pk).exists()


def test_department_list_query_count_does_not_grow(admin_client, tenant, django_assert_max_num_queries):
    url = reverse("department_list", args=[tenant.slug])
    DepartmentFactory.create_batch(3, tenant=tenant)
    with django_assert_max_num_queries(12):
        admin_client.get(url)
    for department in DepartmentFactory.create_batch(30, tenant=tenant):
        EmployeeFactory(tenant=tenant, department=department)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200
