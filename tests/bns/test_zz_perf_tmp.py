import time
import pytest
from bns.imports import employee_import_apply
from tests.factories import SiteFactory, DepartmentFactory
pytestmark = pytest.mark.django_db

def test_perf(tenant):
    SiteFactory(tenant=tenant, name="Rennes"); DepartmentFactory(tenant=tenant, code="VN")
    lines = ["Prénom;Nom;Matricule;Concession;Service;Matricule manager"]
    for i in range(2000):
        lines.append(f"P{i};N{i};M{i};Rennes;VN;{'M1999' if i != 1999 else ''}")
    text = "\n".join(lines)
    t = time.time(); employee_import_apply(tenant=tenant, actor=None, text=text); print("apply", time.time() - t)
