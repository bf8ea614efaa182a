import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.bns.programme.means.test_pages import _fill, login
from tests.bns.programme.strategy.support import url
pytestmark = pytest.mark.django_db
def test_q(client, org):
    login(client, org, "owner")
    _fill(org, 4)
    client.get(url(org.tenant, "programme_means"))
    with CaptureQueriesContext(connection) as c:
        client.get(url(org.tenant, "programme_means"))
    for q in c.captured_queries: print(q["sql"][:250])
    print(len(c.captured_queries))
