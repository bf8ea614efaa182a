"""Networking demo data for ``manage.py seed_demo`` (registered through bns.demo_hooks by networking/apps.py).

For the "armor" group (Breton dealerships): social profiles of uneven quality, six months of activity, Sales
Navigator seats (two unused), about thirty real-world networks with overlaps and gaps, events and the contacts met,
coaching notes, the charter in two versions with acknowledgements, a closed conviction pulse with results and an open
one, then the networking scores when the score area is there.

Deterministic (fixed lists, seeded ``random.Random``, dates relative to today) and idempotent: every row is matched
before it is written, so a second run creates nothing. Rows are written directly with the models' managers, as the
networking services would write them (profile completeness by the profiles checklist's rule), inside the group's
tenant scope; the contacts met go through contacts.services. Texts are data (French as people type them), not UI
strings.
"""

from __future__ import annotations

from django.db import transaction

from bns.models import Tenant
from bns.tenancy import tenant_scope
from networking.demo.activity import seed_activity
from networking.demo.coaching import seed_charter, seed_coaching
from networking.demo.networks import seed_networks
from networking.demo.profiles import seed_profiles
from networking.demo.pulse import seed_pulses
from networking.demo.staff import Staff
from networking.models import NetworkingScore

DEMO_TENANT_SLUG = "armor"


def demo_seed(*, tenants: dict, stdout=None) -> dict[str, int]:
    """The demo hook: networking data for the "armor" group (other groups untouched)."""
    tenant = tenants.get(DEMO_TENANT_SLUG)
    if tenant is None:
        return {}
    with transaction.atomic(), tenant_scope(tenant):
        return networking_demo_seed(tenant=tenant)


def networking_demo_seed(*, tenant: Tenant) -> dict[str, int]:
    """Write what is missing of the networking demo; returns ``{"what": created}`` (a second run returns {})."""
    staff = Staff(tenant)
    if not staff.ready:
        return {}
    plan, profiles_created = seed_profiles(staff)
    created: dict[str, int] = {"social profiles": profiles_created}
    created.update(seed_activity(staff, plan))
    created.update(seed_networks(staff))
    created["coaching notes"] = seed_coaching(staff)
    created.update(seed_charter(staff))
    created.update(seed_pulses(staff))
    created["networking scores"] = _scores(tenant, anything_new=any(created.values()))
    return {what: n for what, n in created.items() if n}


def _scores(tenant: Tenant, *, anything_new: bool) -> int:
    """Compute the scores through the score area when it exists, after new demo data or when there are none yet."""
    try:
        from networking.score.services import networking_scores_compute
    except (ImportError, AttributeError):
        return 0
    scores = NetworkingScore.objects.filter(tenant=tenant)
    before = scores.count()
    if not anything_new and before:
        return 0
    networking_scores_compute(tenant=tenant, actor=None)
    return scores.count() - before
