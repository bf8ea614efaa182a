"""Writes for who may enter a group: memberships (roles) and invitations."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bns.models import Employee, Invitation, Membership, Role, Tenant, User
from bns.services.audit import audit_record


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})


def _check_employee(tenant: Tenant, employee: Employee | None, *, exclude_membership_pk=None) -> None:
    if employee is None:
        return
    if employee.tenant_id != tenant.pk:
        raise ValidationError({"employee": _("Unknown in this group.")})
    taken = Membership.unscoped.filter(tenant=tenant, employee=employee)
    if exclude_membership_pk is not None:
        taken = taken.exclude(pk=exclude_membership_pk)
    if taken.exists():
        raise ValidationError({"employee": _("This employee already has a login in the group.")})


@transaction.atomic
def membership_grant(*, tenant: Tenant, actor, user: User, role: str, employee: Employee | None = None) -> Membership:
    """Give ``user`` access to ``tenant`` with ``role`` (re-activates a former membership)."""
    _check_role(role)
    existing = Membership.unscoped.filter(tenant=tenant, user=user).first()
    _check_employee(tenant, employee, exclude_membership_pk=existing.pk if existing else None)
    if existing is not None:
        existing.role, existing.is_active = role, True
        if employee is not None:
            existing.employee = employee
        existing.save(update_fields=["role", "is_active", "employee"])
        membership = existing
    else:
        membership = Membership.unscoped.create(tenant=tenant, user=user, role=role, employee=employee)
    audit_record(tenant=tenant, actor=actor, verb="membership.grant", obj=membership, data={"email": user.email, "role": role})
    return membership


def _admins_left(tenant: Tenant, *, excluding: Membership) -> int:
    return Membership.unscoped.filter(tenant=tenant, role=Role.ADMIN, is_active=True).exclude(pk=excluding.pk).count()


@transaction.atomic
def membership_update(
    *, tenant: Tenant, actor, membership: Membership, role: str | None = None, is_active: bool | None = None, employee=...
) -> Membership:
    """Change a member's role, activity or linked employee. The group always keeps an active admin."""
    if membership.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    changed = {}
    if role is not None and role != membership.role:
        _check_role(role)
        changed["role"] = role
    if is_active is not None and is_active != membership.is_active:
        changed["is_active"] = is_active
    if employee is not ... and employee != membership.employee:
        _check_employee(tenant, employee, exclude_membership_pk=membership.pk)
        changed["employee"] = employee
    losing_admin = membership.role == Role.ADMIN and membership.is_active and (
        changed.get("role", Role.ADMIN) != Role.ADMIN or changed.get("is_active") is False
    )
    if losing_admin and _admins_left(tenant, excluding=membership) == 0:
        raise ValidationError({"role": _("The group must keep at least one active administrator.")})
    if changed:
        for field, value in changed.items():
            setattr(membership, field, value)
        membership.save(update_fields=list(changed))
        audit_record(
            tenant=tenant,
            actor=actor,
            verb="membership.update",
            obj=membership,
            data={k: (v.pk if hasattr(v, "pk") else v) for k, v in changed.items()},
        )
    return membership


@transaction.atomic
def invitation_create(*, tenant: Tenant, actor, email: str, role: str, employee: Employee | None = None) -> Invitation:
    """Invite someone by e-mail; the e-mail is sent by a Celery task once the transaction commits."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    _check_role(role)
    if Membership.unscoped.filter(tenant=tenant, user__email__iexact=email, is_active=True).exists():
        raise ValidationError({"email": _("This person is already a member of the group.")})
    pending = Invitation.unscoped.filter(tenant=tenant, accepted_at__isnull=True, revoked_at__isnull=True).annotate(
        lemail=Lower("email")
    )
    if pending.filter(lemail=email, expires_at__gt=timezone.now()).exists():
        raise ValidationError({"email": _("An invitation is already pending for this address.")})
    # An expired, never-answered invitation makes way for the new one.
    pending.filter(lemail=email).update(revoked_at=timezone.now())
    _check_employee(tenant, employee)
    invitation = Invitation.unscoped.create(
        tenant=tenant,
        email=email,
        role=role,
        employee=employee,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=Invitation.default_expiry(tenant.invitation_validity_days),
    )
    audit_record(tenant=tenant, actor=actor, verb="invitation.create", obj=invitation, data={"email": email, "role": role})
    _queue_invitation_email(invitation)
    return invitation


def _queue_invitation_email(invitation: Invitation) -> None:
    from bns.tasks import invitation_send_email

    transaction.on_commit(lambda: invitation_send_email.delay(invitation.pk, invitation.tenant_id))


@transaction.atomic
def invitation_resend(*, tenant: Tenant, actor, invitation: Invitation) -> Invitation:
    if invitation.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if invitation.status in ("accepted", "revoked"):
        raise ValidationError(_("This invitation can no longer be sent."))
    invitation.expires_at = Invitation.default_expiry(tenant.invitation_validity_days)
    invitation.sent_at = None
    invitation.save(update_fields=["expires_at", "sent_at"])
    audit_record(tenant=tenant, actor=actor, verb="invitation.resend", obj=invitation, data={"email": invitation.email})
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, tenant: Tenant, actor, invitation: Invitation) -> Invitation:
    if invitation.tenant_id != tenant.pk:
        raise ValidationError(_("This object does not belong to the group."))
    if invitation.status == "accepted":
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(tenant=tenant, actor=actor, verb="invitation.revoke", obj=invitation, data={"email": invitation.email})
    return invitation


def invitation_get_pending_by_token(*, token: str) -> Invitation | None:
    """Platform read: the invitation a link points to, if it can still be accepted."""
    invitation = Invitation.unscoped.select_related("tenant").filter(token=token).first()
    if invitation is None or invitation.status != "pending":
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None, full_name: str = "", user: User | None = None) -> Membership:
    """Accept an invitation: create the login (with the chosen password) or reuse an existing one."""
    invitation = Invitation.unscoped.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValidationError(_("This invitation has expired or was revoked. Ask your administrator for a new one."))
    tenant = invitation.tenant
    if user is None:
        # Only a newcomer joins from the link alone: the owner of an existing login must sign in first
        # (and pass ``user``), so a password typed here never silently goes unused.
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                {"email": _("A login already exists for this address: sign in first, then open the invitation link again.")}
            )
        candidate = User(email=invitation.email, full_name=full_name.strip())
        try:
            password_validation.validate_password(password or "", user=candidate)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        candidate.set_password(password)
        candidate.save()
        user = candidate
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another address."))
    membership = membership_grant(tenant=tenant, actor=user, user=user, role=invitation.role, employee=invitation.employee)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(tenant=tenant, actor=user, verb="invitation.accept", obj=invitation, data={"email": invitation.email})
    return membership
