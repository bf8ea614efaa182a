"""The tenant isolation suite's registry: mirror data builders, route cases and the public-route allowlist.

Two tenants, A and B, are built with the same shape of data (``build_mirror``). Every text field of B's
rows (and B's name, slug and users) is then overwritten with the canary ``CANARYB7x``, generically from
``model._meta`` (``support.canary_fill``), so a model added later is canaried with no work here.

WHEN YOU ADD A TENANT-OWNED MODEL: register a builder in ``MIRROR_BUILDERS`` (key "app_label.ModelName")
that creates at least one row of it in the world it is given, through the services, and keeps the
objects that routes need as attributes of the world (``world.my_thing = ...``).

WHEN YOU ADD A ROUTE:
- under /g/<tenant_slug>/ (page) or /api/v1/g/<tenant_slug>/ (API) with only ``tenant_slug``: nothing to do;
- with other kwargs (``pk``, ``token``...): add ``"route_name": lambda w: {"pk": w.thing.pk}`` to ``ROUTE_CASES``:
  the function receives a world (A's or B's) and returns the kwargs pointing at that world's objects;
- with no ``tenant_slug`` at all: add it to ``NON_TENANT_ROUTES`` with the reason it holds no tenant data,
  or, when it takes an object kwarg (a token link), to ``PUBLIC_OBJECT_ROUTES``, and write the test of what
  a user of another tenant may and may not do with it in test_isolation.py;
- a page accepting POST with no form (delete, toggle, resend...): add it to ``NO_DATA_ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token

from bns.models import Membership, Role, Tenant, User
from bns.services import members as member_services
from bns.services import org as org_services
from bns.services.audit import audit_record
from tests.isolation.builders_dashboards import _build_dashboards
from tests.isolation.support import CANARY, canary_fill, fingerprint_diff, own_user_ids, tenant_fingerprint

# --- The two worlds -----------------------------------------------------------------------------------


class World:
    """One tenant with its data. Builders add attributes (site, employee, invitation...)."""

    def __init__(self, label: str, tenant: Tenant, admin: User, admin_membership: Membership):
        self.label = label
        self.tenant = tenant
        self.admin = admin
        self.admin_membership = admin_membership

    @property
    def slug(self) -> str:
        return self.tenant.slug

    def refresh(self) -> None:
        """Reload every model instance held (after the canary fill)."""
        for value in list(vars(self).values()):
            items = value.values() if isinstance(value, dict) else [value]
            for item in items:
                if hasattr(item, "refresh_from_db") and getattr(item, "pk", None) is not None:
                    item.refresh_from_db()

    def objects_of(self, model) -> list:
        """The world's instances of ``model`` held as attributes (for fk payloads)."""
        out = []
        for value in vars(self).values():
            items = value.values() if isinstance(value, dict) else [value]
            out += [item for item in items if type(item) is model and item not in out]
        return out


@dataclass
class Mirror:
    a: World
    b: World
    other: Tenant  # a third group where A's admin is also a member (so "/" shows the chooser)
    exempt: dict[str, str] = field(default_factory=dict)
    b_fingerprint: dict[str, list] = field(default_factory=dict)  # B's rows as built: no request may change them
    b_user_ids: list[int] = field(default_factory=list)

    def b_changes(self) -> list[str]:
        """What changed in B's rows since they were built (empty when nothing)."""
        return fingerprint_diff(self.b_fingerprint, tenant_fingerprint(self.b.tenant, self.b_user_ids))


def _user(email: str, full_name: str) -> User:
    # A cheap hash (the suite logs in with force_login; the password only has to exist).
    return User.objects.create(email=email, full_name=full_name, password=make_password(None))


def _build_sites(w: World) -> None:
    w.site = org_services.site_create(
        tenant=w.tenant, actor=w.admin, name=f"Mirror site {w.label}", brands="Peugeot, Citroën", city="Rennes", region="Bretagne"
    )
    w.site_other = org_services.site_create(
        tenant=w.tenant, actor=w.admin, name=f"Mirror second site {w.label}", brands="Renault", city="Vannes", region="Bretagne"
    )


def _build_departments(w: World) -> None:
    # tenant_create already made the 10 default departments; one of our own on top.
    w.department = org_services.department_create(tenant=w.tenant, actor=w.admin, code="MIR", name=f"Mirror department {w.label}")


def _build_employees(w: World) -> None:
    common = dict(tenant=w.tenant, actor=w.admin, site=w.site, department=w.department)
    w.manager = org_services.employee_create(
        **common, first_name="Maud", last_name=f"Manager{w.label}", email=f"manager-{w.label}@example.com",
        external_id=f"M-{w.label}-1", job_title="Chef des ventes VN",
    )
    w.employee = org_services.employee_create(
        **common, first_name="Eric", last_name=f"Employee{w.label}", email=f"employee-{w.label}@example.com",
        external_id=f"E-{w.label}-2", job_title="Vendeur VN", manager=w.manager,
    )
    w.employee_member = org_services.employee_create(
        **common, first_name="Lea", last_name=f"Member{w.label}", email=f"member-{w.label}@example.com",
        external_id=f"E-{w.label}-3", job_title="Vendeuse VO", manager=w.manager,
    )
    w.employee_inactive = org_services.employee_create(
        **common, first_name="Ines", last_name=f"Inactive{w.label}", email=f"inactive-{w.label}@example.com",
        external_id=f"E-{w.label}-4", job_title="Conseillère APV", manager=w.manager, is_active=False,
    )


def _build_memberships(w: World) -> None:
    w.memberships = {Role.ADMIN.value: w.admin_membership}
    for role in Role:
        if role == Role.ADMIN:
            continue
        user = _user(f"{role.value}-{w.label}@example.com", f"{role.label} {w.label}")
        employee = w.employee_member if role == Role.MANAGER else None
        w.memberships[role.value] = member_services.membership_grant(
            tenant=w.tenant, actor=w.admin, user=user, role=role.value, employee=employee
        )
    w.membership = w.memberships[Role.MANAGER.value]
    former = _user(f"former-{w.label}@example.com", f"Former {w.label}")
    w.membership_inactive = member_services.membership_grant(tenant=w.tenant, actor=w.admin, user=former, role=Role.EMPLOYEE)
    member_services.membership_update(tenant=w.tenant, actor=w.admin, membership=w.membership_inactive, is_active=False)


def _build_invitations(w: World) -> None:
    w.invitation = member_services.invitation_create(
        tenant=w.tenant, actor=w.admin, email=f"invitee-{w.label}@example.com", role=Role.EMPLOYEE, employee=w.employee
    )
    w.invitation_revoked = member_services.invitation_create(
        tenant=w.tenant, actor=w.admin, email=f"revoked-{w.label}@example.com", role=Role.EXECUTIVE
    )
    member_services.invitation_revoke(tenant=w.tenant, actor=w.admin, invitation=w.invitation_revoked)


def _build_audit_events(w: World) -> None:
    # The services above already wrote audit rows; one more with a free-form payload.
    w.audit_event = audit_record(tenant=w.tenant, actor=w.admin, verb="mirror.note", obj=w.site, data={"note": f"Mirror {w.label}"})


def _build_contacts(w: World) -> None:
    from django.utils import timezone

    from contacts import services as contact_services
    from contacts.models import ContactImport, IntroRequest, MergeSuggestion, Solicitation, Suppression

    common = dict(tenant=w.tenant, actor=w.admin, owner=w.employee, company=f"Transports Mirror {w.label}", siren="732829320")
    w.relationship_private, _ = contact_services.contact_quick_add(
        **common, first_name="Paul", last_name=f"Private{w.label}", email=f"private-{w.label}@example.com",
        visibility="private", private_notes=f"private notes {w.label}",
    )
    w.relationship, _ = contact_services.contact_quick_add(
        **common, first_name="Sara", last_name=f"Shared{w.label}", email=f"shared-{w.label}@example.com", phone="06 12 34 56 78",
        linkedin_url=f"https://www.linkedin.com/in/shared-{w.label}", visibility="shared", scope="group",
        private_notes=f"shared notes {w.label}", tags="flotte, vip",
    )
    w.relationship_discoverable, _ = contact_services.contact_quick_add(
        **common, first_name="Dora", last_name=f"Discoverable{w.label}", visibility="discoverable",
    )
    w.person = w.relationship.person
    w.account = w.person.account
    w.contact_import = ContactImport.unscoped.create(
        tenant=w.tenant, owner=w.employee, created_by=w.admin, format="linkedin", filename=f"Connections-{w.label}.csv",
        content="First Name,Last Name\n", content_sha256="0" * 64, status="done",
    )
    w.solicitation = Solicitation.unscoped.create(
        tenant=w.tenant, person=w.person, employee=w.employee, channel="call", occurred_at=timezone.now(), note=f"call {w.label}"
    )
    w.suppression = Suppression.unscoped.create(tenant=w.tenant, email_hash="1" * 64)
    w.merge_suggestion = MergeSuggestion.unscoped.create(
        tenant=w.tenant, person_a=w.person, person_b=w.relationship_discoverable.person, reason=f"same name {w.label}"
    )
    w.intro_request = IntroRequest.unscoped.create(
        tenant=w.tenant, relationship=w.relationship_discoverable, requester=w.manager, owner=w.employee,
        purpose=f"purpose {w.label}", message=f"message {w.label}",
    )


def _build_intros(w: World) -> None:
    """Introductions (contacts/intros): only the two sides of a request see it, so the admin the suite logs in as
    gets an employee record and asks for an introduction, through the service (history, ledger, notification)."""
    from contacts.intros import services as intro_services

    w.admin_employee = org_services.employee_create(
        tenant=w.tenant, actor=w.admin, site=w.site, department=w.department, first_name="Alex", last_name=f"Admin{w.label}",
        email=f"admin-employee-{w.label}@example.com", external_id=f"E-{w.label}-9", job_title="Directeur de concession",
    )
    member_services.membership_update(tenant=w.tenant, actor=w.admin, membership=w.admin_membership, employee=w.admin_employee)
    w.intro_mine = intro_services.intro_request_create(
        tenant=w.tenant, actor=w.admin, relationship=w.relationship, purpose=f"fleet {w.label}", message=f"hello {w.label}",
    )


def _build_working_together(w: World) -> None:
    """Issue 4: introductions' history, referrals and rewards, account plans, affiliations, notifications."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from bns.models import Notification
    from contacts.models import (
        AccountPlan,
        Affiliation,
        EmployeeAffiliation,
        IntroEvent,
        PersonAffiliation,
        PlanAction,
        Referral,
        ReferralEvent,
        Reward,
        RewardRule,
        Stakeholder,
    )

    t = w.tenant
    w.intro_event = IntroEvent.unscoped.create(tenant=t, intro_request=w.intro_request, actor=w.manager, kind="requested",
                                               text=f"asked {w.label}")
    w.referral = Referral.unscoped.create(
        tenant=t, referrer=w.employee, person=w.person, account=w.account, to_employee=w.manager, need=f"fleet {w.label}",
        submitted_at=timezone.now(),
    )
    w.referral_event = ReferralEvent.unscoped.create(tenant=t, referral=w.referral, actor=w.admin, to_status="submitted",
                                                     note=f"note {w.label}")
    w.reward_rule = RewardRule.unscoped.create(tenant=t, name=f"Prime VN {w.label}", kind="fixed", amount=Decimal("150"),
                                               valid_from=date(2020, 1, 1), created_by=w.admin)
    w.referral_won = Referral.unscoped.create(
        tenant=t, referrer=w.employee, account=w.account, to_site=w.site, need=f"vans {w.label}", submitted_at=timezone.now(),
        status="won", deal_value=Decimal("30000"), vehicles=1,
    )
    w.reward = Reward.unscoped.create(tenant=t, referral=w.referral_won, referrer=w.employee, rule=w.reward_rule,
                                      amount=Decimal("150"), explanation=f"fixed {w.label}")
    w.affiliation = Affiliation.unscoped.create(tenant=t, name=f"ESC Mirror {w.label}", name_key=f"esc mirror {w.label}",
                                                kind="school")
    w.employee_affiliation = EmployeeAffiliation.unscoped.create(tenant=t, affiliation=w.affiliation, employee=w.employee)
    w.person_affiliation = PersonAffiliation.unscoped.create(tenant=t, affiliation=w.affiliation, person=w.person)
    w.account_plan = AccountPlan.unscoped.create(tenant=t, account=w.account, owner=w.manager, objectives=f"win {w.label}")
    w.stakeholder = Stakeholder.unscoped.create(tenant=t, plan=w.account_plan, person=w.person, title=f"DAF {w.label}")
    w.plan_action = PlanAction.unscoped.create(tenant=t, plan=w.account_plan, title=f"lunch {w.label}", owner=w.employee)
    w.notification = Notification.unscoped.create(tenant=t, recipient=w.admin, key=f"mirror-{w.label}", verb="mirror",
                                                  title=f"Hello {w.label}", url=f"/g/{t.slug}/")


def _build_networking(w: World) -> None:
    """Issue 5: social profiles, activity, licences, real-world networks, coaching, charter, pulse, scores."""
    from datetime import date
    from decimal import Decimal

    from networking import models as n

    t = w.tenant
    w.social_profile = n.SocialProfile.unscoped.create(
        tenant=t, employee=w.employee, platform="linkedin", url=f"https://www.linkedin.com/in/mirror-{w.label}",
        checklist={"photo": True}, positioning=f"Utility vans {w.label}", completeness=20,
    )
    w.activity_import = n.ActivityImport.unscoped.create(tenant=t, created_by=w.admin, filename=f"activity-{w.label}.csv",
                                                         content="date;kind\n", status="preview")
    w.activity = n.Activity.unscoped.create(
        tenant=t, employee=w.employee, occurred_on=date(2026, 11, 2), channel="linkedin", kind="post", reach=120,
        engagement=9, person=w.person, account=w.account, note=f"post {w.label}", client_key=f"mirror-{w.label}-1",
        created_by=w.admin,
    )
    w.tool_licence = n.ToolLicence.unscoped.create(tenant=t, tool=f"Sales Navigator {w.label}", employee=w.employee,
                                                   monthly_cost=Decimal("79.99"), starts_on=date(2026, 1, 1))
    w.network = n.Network.unscoped.create(tenant=t, name=f"Club affaires {w.label}", kind="business_club", city="Vannes",
                                          site=w.site, annual_fee=Decimal("450"), priority=1)
    w.network_membership = n.NetworkMembership.unscoped.create(tenant=t, network=w.network, employee=w.employee,
                                                               role="member", since=date(2025, 9, 1), paid_by_company=True)
    w.network_target = n.NetworkTarget.unscoped.create(tenant=t, network=w.network, site=w.site, lead=w.manager,
                                                       note=f"target {w.label}")
    w.network_event = n.NetworkEvent.unscoped.create(tenant=t, network=w.network, title=f"Afterwork {w.label}",
                                                     held_on=date(2026, 10, 15), city="Vannes", created_by=w.admin)
    w.event_attendance = n.EventAttendance.unscoped.create(tenant=t, event=w.network_event, employee=w.employee)
    w.event_contact = n.EventContact.unscoped.create(tenant=t, event=w.network_event, attendee=w.employee, person=w.person,
                                                     relationship=w.relationship)
    w.coaching_note = n.CoachingNote.unscoped.create(tenant=t, employee=w.employee, author=w.manager,
                                                     focus=f"LinkedIn headline {w.label}", actions_agreed="rewrite it",
                                                     follow_up_on=date(2026, 12, 1))
    w.charter = n.Charter.unscoped.create(tenant=t, version=1, title=f"Charte {w.label}", dos="be useful",
                                          donts="no mass messaging", body="", published_by=w.admin)
    w.charter_ack = n.CharterAcknowledgement.unscoped.create(tenant=t, charter=w.charter, employee=w.employee)
    w.pulse = n.Pulse.unscoped.create(tenant=t, title=f"Pulse {w.label}", opens_on=date(2026, 9, 1),
                                      closes_on=date(2026, 9, 30), status="closed", audience_size=4, created_by=w.admin)
    w.pulse_open = n.Pulse.unscoped.create(tenant=t, title=f"Open pulse {w.label}", opens_on=date(2026, 11, 1),
                                           closes_on=date(2027, 1, 31), status="open", audience_size=4, created_by=w.admin)
    w.pulse_participation = n.PulseParticipation.unscoped.create(tenant=t, pulse=w.pulse, employee=w.employee)
    w.pulse_answer = n.PulseAnswer.unscoped.create(tenant=t, pulse=w.pulse, offered_own_circle="uh_no", pride=4,
                                                   recommend_products=8, recommend_employer=7, comment=f"proud {w.label}")
    w.networking_settings = n.NetworkingSettings.unscoped.create(tenant=t)
    w.score_run = n.NetworkingScoreRun.unscoped.create(tenant=t, status="done", requested_by=w.admin, employees_total=1,
                                                       employees_done=1)
    w.networking_score = n.NetworkingScore.unscoped.create(
        tenant=t, employee=w.employee, computed_on=date(2026, 11, 20), total=Decimal("42.5"), brand=Decimal("10"),
        reach=Decimal("12.5"), engage=Decimal("10"), relate=Decimal("10"), details={"note": f"mirror {w.label}"},
        run=w.score_run,
    )
    # The admin the suite logs in as manages the sales manager, so A's coaching note is in their manager line.
    from bns.models import Employee

    Employee.unscoped.filter(pk=w.manager.pk).update(manager=w.admin_employee)


def _build_programme(w: World) -> None:
    """Issue 6: the BNS programme and everything steered in it."""
    from datetime import date
    from decimal import Decimal

    from bns import models as m

    t = w.tenant
    w.programme = m.Programme.unscoped.create(tenant=t, iteration=1, title=f"Programme {w.label}", process_owner=w.manager,
                                              sponsor=w.manager, starts_on=date(2026, 9, 1), target_end_on=date(2027, 2, 28),
                                              current_step=3)
    w.programme_step = m.ProgrammeStep.unscoped.create(tenant=t, programme=w.programme, number=3, status="in_progress",
                                                       owner=w.manager, done_notes=f"done {w.label}")
    w.vision = m.VisionVersion.unscoped.create(tenant=t, programme=w.programme, version=1, text=f"Vision {w.label}",
                                               created_by=w.admin)
    w.workshop = m.Workshop.unscoped.create(tenant=t, programme=w.programme, step=1, title=f"Atelier {w.label}",
                                            held_on=date(2026, 9, 15), agenda="agenda", outcomes="outcomes")
    w.workshop_participant = m.WorkshopParticipant.unscoped.create(tenant=t, workshop=w.workshop, employee=w.manager)
    w.diagnostic_answer = m.DiagnosticAnswer.unscoped.create(tenant=t, programme=w.programme, respondent=w.manager,
                                                             dimension="profiles", question="profiles_1", level=2,
                                                             comment=f"comment {w.label}")
    w.kpi = m.Kpi.unscoped.create(tenant=t, programme=w.programme, metric_key="", name=f"KPI {w.label}", unit="%",
                                  target=Decimal("60"), manual_source="CRM")
    w.kpi_value = m.KpiValue.unscoped.create(tenant=t, kpi=w.kpi, measured_on=date(2026, 10, 1), value=Decimal("42"),
                                             source=f"source {w.label}", entered_by=w.admin)
    w.objective = m.Objective.unscoped.create(tenant=t, programme=w.programme, statement=f"Objective {w.label}", kpi=w.kpi,
                                              baseline=Decimal("40"), target=Decimal("60"), deadline=date(2027, 2, 28),
                                              owner=w.manager)
    w.strategy_option = m.StrategyOption.unscoped.create(tenant=t, programme=w.programme, title=f"Option {w.label}",
                                                         description="d", pros="p", cons="c", cost=Decimal("1000"),
                                                         feasibility=4)
    w.strategy_challenge = m.StrategyChallenge.unscoped.create(tenant=t, option=w.strategy_option, author=w.manager,
                                                               comment=f"challenge {w.label}", score=3)
    w.programme_action = m.ProgrammeAction.unscoped.create(tenant=t, programme=w.programme, title=f"Action {w.label}",
                                                           kind="training", owner=w.manager, budget_planned=Decimal("500"))
    w.action_role = m.ActionRole.unscoped.create(tenant=t, action=w.programme_action, employee=w.manager, raci="A")
    w.budget_line = m.BudgetLine.unscoped.create(tenant=t, programme=w.programme, label=f"Budget {w.label}",
                                                 action=w.programme_action, planned=Decimal("500"), replaces="press ads",
                                                 replaced_amount=Decimal("900"))
    w.role_behaviour = m.RoleBehaviour.unscoped.create(tenant=t, programme=w.programme, role="manager",
                                                       behaviours=f"coach {w.label}")
    w.review = m.Review.unscoped.create(tenant=t, programme=w.programme, held_on=date(2026, 10, 30), participants="CoDir",
                                        decisions=f"decisions {w.label}", created_by=w.admin)
    w.review_kpi_value = m.ReviewKpiValue.unscoped.create(tenant=t, review=w.review, kpi=w.kpi, kpi_name=f"KPI {w.label}",
                                                          unit="%", value=Decimal("42"), target=Decimal("60"))
    w.lesson = m.Lesson.unscoped.create(tenant=t, programme=w.programme, step=5, text=f"Lesson {w.label}", author=w.manager)


# Model label -> builder. Order matters (later builders use earlier objects). A meta-test fails when a
# tenant-owned model has no entry here.
MIRROR_BUILDERS: dict[str, Callable[[World], None]] = {
    "bns.Site": _build_sites,
    "bns.Department": _build_departments,
    "bns.Employee": _build_employees,
    "bns.Membership": _build_memberships,
    "bns.Invitation": _build_invitations,
    "bns.AuditEvent": _build_audit_events,
    "contacts.Account": _build_contacts,
    "contacts.Person": _build_contacts,
    "contacts.PersonEmail": _build_contacts,
    "contacts.PersonPhone": _build_contacts,
    "contacts.Relationship": _build_contacts,
    "contacts.LedgerEntry": _build_contacts,
    "contacts.ContactImport": _build_contacts,
    "contacts.Solicitation": _build_contacts,
    "contacts.Suppression": _build_contacts,
    "contacts.MergeSuggestion": _build_contacts,
    "contacts.IntroRequest": _build_contacts,
    "contacts.IntroEvent": _build_intros,
    "contacts.Referral": _build_working_together,
    "contacts.ReferralEvent": _build_working_together,
    "contacts.RewardRule": _build_working_together,
    "contacts.Reward": _build_working_together,
    "contacts.Affiliation": _build_working_together,
    "contacts.EmployeeAffiliation": _build_working_together,
    "contacts.PersonAffiliation": _build_working_together,
    "contacts.AccountPlan": _build_working_together,
    "contacts.Stakeholder": _build_working_together,
    "contacts.PlanAction": _build_working_together,
    "bns.Notification": _build_working_together,
    "bns.Programme": _build_programme,
    "bns.ProgrammeStep": _build_programme,
    "bns.VisionVersion": _build_programme,
    "bns.Workshop": _build_programme,
    "bns.WorkshopParticipant": _build_programme,
    "bns.DiagnosticAnswer": _build_programme,
    "bns.Kpi": _build_programme,
    "bns.KpiValue": _build_programme,
    "bns.Objective": _build_programme,
    "bns.StrategyOption": _build_programme,
    "bns.StrategyChallenge": _build_programme,
    "bns.ProgrammeAction": _build_programme,
    "bns.ActionRole": _build_programme,
    "bns.BudgetLine": _build_programme,
    "bns.RoleBehaviour": _build_programme,
    "bns.Review": _build_programme,
    "bns.ReviewKpiValue": _build_programme,
    "bns.Lesson": _build_programme,
    "networking.SocialProfile": _build_networking,
    "networking.ActivityImport": _build_networking,
    "networking.Activity": _build_networking,
    "networking.ToolLicence": _build_networking,
    "networking.Network": _build_networking,
    "networking.NetworkMembership": _build_networking,
    "networking.NetworkTarget": _build_networking,
    "networking.NetworkEvent": _build_networking,
    "networking.EventAttendance": _build_networking,
    "networking.EventContact": _build_networking,
    "networking.CoachingNote": _build_networking,
    "networking.Charter": _build_networking,
    "networking.CharterAcknowledgement": _build_networking,
    "networking.Pulse": _build_networking,
    "networking.PulseParticipation": _build_networking,
    "networking.PulseAnswer": _build_networking,
    "networking.NetworkingSettings": _build_networking,
    "networking.NetworkingScoreRun": _build_networking,
    "networking.NetworkingScore": _build_networking,
    "dashboards.SnapshotRun": _build_dashboards,
    "dashboards.MetricSnapshot": _build_dashboards,
}

# Text fields that do not get the canary, with the reason. Fields with choices are skipped automatically
# (a canary is not a valid choice): Membership.role, Invitation.role, Tenant.locale.
CANARY_EXEMPT_FIELDS: dict[str, str] = {
    "bns.User.password": "a password hash: never rendered, and the user must keep a valid one",
}


def build_world(label: str, *, name: str, slug: str) -> World:
    tenant = org_services.tenant_create(name=name, slug=slug)
    admin = _user(f"admin-{label}@example.com", f"Admin {label}")
    admin_membership = member_services.membership_grant(tenant=tenant, actor=None, user=admin, role=Role.ADMIN)
    world = World(label, tenant, admin, admin_membership)
    for builder in dict.fromkeys(MIRROR_BUILDERS.values()):  # a builder may serve several models
        builder(world)
    return world


def build_mirror() -> Mirror:
    a = build_world("a", name="Mirror group A", slug="mirror-a")
    b = build_world("b", name="Mirror group B", slug="mirror-b")
    other = org_services.tenant_create(name="Mirror group C", slug="mirror-c")
    member_services.membership_grant(tenant=other, actor=None, user=a.admin, role=Role.CONSULTANT)
    # Personal API tokens: A's admin has one (shown on /me/api-token/), B's carries the canary.
    a.api_token = Token.objects.create(user=a.admin)
    b.api_token = Token.objects.create(user=b.admin, key=(CANARY + "0" * 40)[:40])
    canary_fill(b.tenant, exempt=CANARY_EXEMPT_FIELDS)
    b.refresh()
    a.refresh()
    return Mirror(
        a=a,
        b=b,
        other=other,
        exempt=CANARY_EXEMPT_FIELDS,
        b_fingerprint=tenant_fingerprint(b.tenant),
        b_user_ids=own_user_ids(b.tenant),
    )


# --- Routes -------------------------------------------------------------------------------------------

# Route name -> the kwargs (besides tenant_slug) pointing at objects of the world given.
ROUTE_CASES: dict[str, Callable[[World], dict[str, Any]]] = {
    # Pages
    "site_edit": lambda w: {"pk": w.site.pk},
    "site_delete": lambda w: {"pk": w.site.pk},
    "department_edit": lambda w: {"pk": w.department.pk},
    "department_delete": lambda w: {"pk": w.department.pk},
    "employee_detail": lambda w: {"pk": w.employee.pk},
    "employee_edit": lambda w: {"pk": w.employee.pk},
    "employee_toggle_active": lambda w: {"pk": w.employee.pk},
    "membership_edit": lambda w: {"pk": w.membership.pk},
    "invitation_resend": lambda w: {"pk": w.invitation.pk},
    "invitation_revoke": lambda w: {"pk": w.invitation.pk},
    "contacts_relationship": lambda w: {"pk": w.relationship.pk},
    "contacts_relationship_edit": lambda w: {"pk": w.relationship.pk},
    "contacts_relationship_delete": lambda w: {"pk": w.relationship.pk},
    "contacts_intro_request": lambda w: {"pk": w.relationship_discoverable.pk},
    "contacts_intro_detail": lambda w: {"pk": w.intro_mine.pk},
    "contacts_intro_accept": lambda w: {"pk": w.intro_mine.pk},
    "contacts_intro_decline": lambda w: {"pk": w.intro_mine.pk},
    "contacts_intro_follow_up": lambda w: {"pk": w.intro_mine.pk},
    "contacts_intro_outcome": lambda w: {"pk": w.intro_mine.pk},
    "notification_open": lambda w: {"pk": w.notification.pk},
    "notification_mark_read": lambda w: {"pk": w.notification.pk},
    "contacts_import_preview": lambda w: {"pk": w.contact_import.pk},
    "contacts_import_start": lambda w: {"pk": w.contact_import.pk},
    "contacts_import_status": lambda w: {"pk": w.contact_import.pk},
    "contacts_import_undo": lambda w: {"pk": w.contact_import.pk},
    "contacts_solicitation_new": lambda w: {"person_id": w.person.pk},
    "contacts_gdpr_person": lambda w: {"person_id": w.person.pk},
    "contacts_gdpr_export": lambda w: {"person_id": w.person.pk},
    "contacts_gdpr_object": lambda w: {"person_id": w.person.pk},
    "contacts_gdpr_erase": lambda w: {"person_id": w.person.pk},
    "contacts_my_export": lambda w: {"fmt": "csv"},
    "contacts_merge_detail": lambda w: {"pk": w.merge_suggestion.pk},
    # Account plans and affiliations (contacts/plans)
    "plans_detail": lambda w: {"pk": w.account_plan.pk},
    "plans_edit": lambda w: {"pk": w.account_plan.pk},
    "plans_stakeholders_export": lambda w: {"pk": w.account_plan.pk},
    "plans_stakeholder_add": lambda w: {"pk": w.account_plan.pk},
    "plans_action_create": lambda w: {"pk": w.account_plan.pk},
    "plans_stakeholder_edit": lambda w: {"pk": w.stakeholder.pk},
    "plans_stakeholder_remove": lambda w: {"pk": w.stakeholder.pk},
    "plans_stakeholder_affiliations": lambda w: {"pk": w.stakeholder.pk},
    "plans_action_edit": lambda w: {"pk": w.plan_action.pk},
    "plans_action_complete": lambda w: {"pk": w.plan_action.pk},
    "plans_affiliation_detail": lambda w: {"pk": w.affiliation.pk},
    "plans_affiliation_merge": lambda w: {"pk": w.affiliation.pk},
    "plans_affiliation_mine_remove": lambda w: {"pk": w.employee_affiliation.pk},
    "plans_person_affiliation_remove": lambda w: {"pk": w.person_affiliation.pk},
    # Referrals and rewards (contacts/referrals)
    "referrals_detail": lambda w: {"pk": w.referral.pk},
    "referrals_accept": lambda w: {"pk": w.referral.pk},
    "referrals_qualify": lambda w: {"pk": w.referral.pk},
    "referrals_win": lambda w: {"pk": w.referral.pk},
    "referrals_lose": lambda w: {"pk": w.referral.pk},
    "referrals_reward_approve": lambda w: {"pk": w.reward.pk},
    "referrals_reward_reject": lambda w: {"pk": w.reward.pk},
    "referrals_reward_mark_paid": lambda w: {"pk": w.reward.pk},
    "referrals_rule_change": lambda w: {"pk": w.reward_rule.pk},
    "referrals_rule_end": lambda w: {"pk": w.reward_rule.pk},
    # API
    "api-site-detail": lambda w: {"pk": w.site.pk},
    "api-department-detail": lambda w: {"pk": w.department.pk},
    "api-employee-detail": lambda w: {"pk": w.employee.pk},
    "api-membership-detail": lambda w: {"pk": w.membership.pk},
    "api-invitation-detail": lambda w: {"pk": w.invitation.pk},
    "api-invitation-revoke": lambda w: {"pk": w.invitation.pk},
    "api-invitation-resend": lambda w: {"pk": w.invitation.pk},
    "api-contacts-relationship-detail": lambda w: {"pk": w.relationship.pk},
    "api-contacts-account-detail": lambda w: {"pk": w.account.pk},
    "api-contacts-person-detail": lambda w: {"pk": w.person.pk},
    "api-contacts-person-export": lambda w: {"pk": w.person.pk},
    "api-contacts-person-object": lambda w: {"pk": w.person.pk},
    "api-contacts-person-erase": lambda w: {"pk": w.person.pk},
    "api-contacts-import-detail": lambda w: {"pk": w.contact_import.pk},
    "api-intros-request-detail": lambda w: {"pk": w.intro_mine.pk},
    "api-intros-request-accept": lambda w: {"pk": w.intro_mine.pk},
    "api-intros-request-decline": lambda w: {"pk": w.intro_mine.pk},
    "api-intros-request-follow-up": lambda w: {"pk": w.intro_mine.pk},
    "api-intros-request-outcome": lambda w: {"pk": w.intro_mine.pk},
    "api-contacts-import-start": lambda w: {"pk": w.contact_import.pk},
    "api-contacts-merge-suggestion-detail": lambda w: {"pk": w.merge_suggestion.pk},
    "api-contacts-merge-suggestion-merge": lambda w: {"pk": w.merge_suggestion.pk},
    "api-contacts-merge-suggestion-dismiss": lambda w: {"pk": w.merge_suggestion.pk},
    "api-plans-account-plan-detail": lambda w: {"pk": w.account_plan.pk},
    "api-plans-account-plan-coverage": lambda w: {"pk": w.account_plan.pk},
    "api-plans-account-plan-suggestions": lambda w: {"pk": w.account_plan.pk},
    "api-plans-stakeholder-detail": lambda w: {"pk": w.stakeholder.pk},
    "api-plans-action-detail": lambda w: {"pk": w.plan_action.pk},
    "api-plans-action-complete": lambda w: {"pk": w.plan_action.pk},
    "api-plans-affiliation-detail": lambda w: {"pk": w.affiliation.pk},
    "api-plans-affiliation-merge": lambda w: {"pk": w.affiliation.pk},
    "api-plans-employee-affiliation-detail": lambda w: {"pk": w.employee_affiliation.pk},
    "api-plans-person-affiliation-detail": lambda w: {"pk": w.person_affiliation.pk},
    "api-referrals-referral-detail": lambda w: {"pk": w.referral.pk},
    "api-referrals-referral-accept": lambda w: {"pk": w.referral.pk},
    "api-referrals-referral-qualify": lambda w: {"pk": w.referral.pk},
    "api-referrals-referral-win": lambda w: {"pk": w.referral.pk},
    "api-referrals-referral-lose": lambda w: {"pk": w.referral.pk},
    "api-referrals-reward-detail": lambda w: {"pk": w.reward.pk},
    "api-referrals-reward-approve": lambda w: {"pk": w.reward.pk},
    "api-referrals-reward-reject": lambda w: {"pk": w.reward.pk},
    "api-referrals-reward-mark-paid": lambda w: {"pk": w.reward.pk},
    "api-referrals-reward-rule-detail": lambda w: {"pk": w.reward_rule.pk},
    "api-referrals-reward-rule-change": lambda w: {"pk": w.reward_rule.pk},
    "api-referrals-reward-rule-end": lambda w: {"pk": w.reward_rule.pk},
}

# Each networking area keeps its route cases and body-less actions in its own file (merged at the end).
# Routes without tenant_slug and without tenant data, with the reason.
NON_TENANT_ROUTES: dict[str, str] = {
    "home": "landing: redirects to the user's only group or lists the user's own memberships",
    "healthz": "health check: database ping, no data",
    "tenant_switch": "redirects to a group the user is an active member of (404 otherwise, tested below)",
    "api_token": "the user's own personal API token",
    "set_language": "Django's language switch: sets a cookie",
    "schema": "the OpenAPI schema: describes the API, holds no tenant data",
    "swagger-ui": "the API documentation page (static, reads the schema)",
    "api-token-obtain": "exchanges the caller's own e-mail and password for their own token",
    "api-me": "the caller and their own memberships",
}
# Name prefixes of third-party routes about the user's own account, never about a tenant.
NON_TENANT_ROUTE_PREFIXES: dict[str, str] = {
    "account_": "allauth account pages (login, logout, password, e-mail): the user's own account",
    "mfa_": "allauth two-factor pages: the user's own authenticators",
}


def non_tenant_reason(name: str) -> str | None:
    if name in NON_TENANT_ROUTES:
        return NON_TENANT_ROUTES[name]
    for prefix, reason in NON_TENANT_ROUTE_PREFIXES.items():
        if name.startswith(prefix):
            return reason
    return None


@dataclass(frozen=True)
class PublicObjectCase:
    """A route outside /g/<slug>/ that takes an object kwarg (a token link)."""

    kwargs: Callable[[World], dict[str, Any]]
    what_is_asserted: str
    test: str  # the test of test_isolation.py that asserts it (a meta-test checks it exists)


PUBLIC_OBJECT_ROUTES: dict[str, PublicObjectCase] = {
    "invitation_accept": PublicObjectCase(
        kwargs=lambda w: {"token": w.invitation.token},
        what_is_asserted=(
            "The link is a bearer token sent to the invitee: whoever holds it may see the invitation (group name, "
            "e-mail), so B's canary MAY show on GET. Asserted: an unknown token answers like a dead link (no 5xx, no "
            "canary); A's admin, logged in with another e-mail, cannot accept B's invitation: no membership in B for "
            "A's user, no new user, B's invitation still pending, and A's own data unchanged."
        ),
        test="test_invitation_link_of_the_other_tenant",
    ),
}

# Writes with no data to validate (the body is ignored): they may succeed (302/200) on garbage.
NO_DATA_ACTIONS: dict[str, str] = {
    "contacts_gdpr_object": "records the person's objection; the body is ignored",
    "contacts_import_start": "queues the import's background run; the body is ignored",
    "contacts_import_undo": "removes the relationships the import created; the body is ignored",
    "site_delete": "deletes the dealership; the body is ignored",
    "contacts_relationship_delete": "deletes the owner's relationship; the body is ignored",
    "notification_mark_read": "marks the member's own notification read; the body is ignored",
    "notification_mark_all_read": "marks all the member's own notifications read; the body is ignored",
    "department_delete": "deletes the department; the body is ignored",
    "employee_toggle_active": "activates or deactivates the employee; the body is ignored",
    "invitation_resend": "sends the invitation again; the body is ignored",
    "invitation_revoke": "revokes the invitation; the body is ignored",
    "api-invitation-revoke": "revokes the invitation; the body is ignored",
    "api-invitation-resend": "sends the invitation again; the body is ignored",
    "api-contacts-person-object": "records the person's objection; the body is ignored",
    "api-contacts-person-erase": "erases the person; the body is ignored",
    "api-contacts-import-start": "starts the previewed import; the body is ignored",
    "api-contacts-merge-suggestion-dismiss": "marks the suggestion as not the same person; the body is ignored",
    "plans_stakeholder_remove": "takes the stakeholder off the account plan; the body is ignored",
    "plans_action_complete": "marks the plan action done; the body is ignored",
    "plans_affiliation_mine_remove": "removes the employee's affiliation; the body is ignored",
    "plans_person_affiliation_remove": "removes the person's affiliation; only a same-site 'next' is read",
    "api-plans-action-complete": "marks the plan action done; the body is ignored",
    "referrals_reward_approve": "approves the pending reward; only a same-site 'next' is read",
    "referrals_rule_end": "ends the reward rule; the body is ignored",
    "api-referrals-reward-approve": "approves the pending reward; the body is ignored",
    "api-referrals-reward-rule-end": "ends the reward rule; the body is ignored",
}

# Query parameters pointing at B's objects, appended to list pages: filters must not reveal them.
def foreign_query(b: World) -> dict[str, Any]:
    return {
        "site": b.site.pk,
        "site_id": b.site.pk,
        "department": b.department.pk,
        "department_id": b.department.pk,
        "manager": b.manager.pk,
        "employee": b.employee.pk,
        "user": b.admin.pk,
        "role": "admin",
        "status": "pending",
        "page": "1",
    }


def _merge_area_cases() -> None:
    """Merge the per-area registries (tests/isolation/cases_<area>.py: ROUTE_CASES, NO_DATA_ACTIONS)."""
    import importlib

    for area in ("profiles", "activity", "networks", "coaching", "charter", "pulse", "score", "networking_home",
                 "programme_home", "programme_diagnostic", "programme_objectives", "programme_strategy", "programme_means",
                 "programme_reviews", "programme_attitudes", "programme_lessons", "programme_report", "dashboards_codir",
                 "dashboards_coaching"):
        module = importlib.import_module(f"tests.isolation.cases_{area}")
        for key, value in getattr(module, "ROUTE_CASES", {}).items():
            assert key not in ROUTE_CASES, f"route case {key} registered twice"
            ROUTE_CASES[key] = value
        for key, value in getattr(module, "NO_DATA_ACTIONS", {}).items():
            assert key not in NO_DATA_ACTIONS, f"no-data action {key} registered twice"
            NO_DATA_ACTIONS[key] = value


_merge_area_cases()
