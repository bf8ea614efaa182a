"""Pages for who may enter a group: members (roles), invitations (and accepting one), the group's settings
and its audit trail."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, DateTimeField, ForeignKey, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import selectors
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.forms.members import (
    InvitationAcceptForm,
    InvitationFilterForm,
    InvitationForm,
    MembershipForm,
    TenantSettingsForm,
)
from bns.models import Role, User
from bns.permissions import Perm
from bns.services import members as member_services
from bns.services import org as org_services
from bns.services.audit import audit_verb_label
from bns.views.utils import paginate, querystring_without_page

# --- Members ------------------------------------------------------------------------------------------


def _pending_invitations_count(tenant) -> int:
    return _invitations_with_status(selectors.invitation_list(tenant=tenant), "pending").count()


@require_GET
def membership_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page = paginate(request, selectors.membership_list(tenant=request.tenant, search=search, role=role))
    return render(
        request,
        "bns/members/membership_list.html",
        {
            "page": page,
            "search": search,
            "role": role,
            "roles": Role.choices,
            "querystring": querystring_without_page(request),
            "pending_count": _pending_invitations_count(request.tenant),
            "tab": "members",
        },
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    membership = selectors.membership_get_for(tenant=request.tenant, pk=pk)
    form = MembershipForm(request.POST if request.method == "POST" else None, tenant=request.tenant, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            member_services.membership_update(
                tenant=request.tenant,
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                is_active=form.cleaned_data["is_active"],
                employee=form.cleaned_data["employee"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Access of %(email)s saved.") % {"email": membership.user.email})
            if membership.pk == request.membership.pk and not membership.has_perm(Perm.MANAGE_MEMBERS):
                # You changed your own role: the members page is no longer yours.
                return redirect("home")
            return redirect("membership_list", tenant_slug=request.tenant.slug)
    return render(
        request,
        "bns/members/membership_form.html",
        {"form": form, "membership": membership, "is_self": membership.pk == request.membership.pk},
        status=400 if form.errors else 200,
    )


# --- Invitations --------------------------------------------------------------------------------------


def _invitations_with_status(queryset, status: str):
    """Filter by the computed status (same rules as Invitation.status), in the database."""
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    if status == "pending":
        return queryset.filter(open_, expires_at__gt=now)
    if status == "expired":
        return queryset.filter(open_, expires_at__lte=now)
    if status == "accepted":
        return queryset.filter(accepted_at__isnull=False)
    if status == "revoked":
        return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    return queryset


@require_GET
def invitation_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    filters = InvitationFilterForm(request.GET)
    search = status = ""
    if filters.is_valid():
        search = filters.cleaned_data["q"].strip()
        status = filters.cleaned_data["status"]
    invitations = _invitations_with_status(selectors.invitation_list(tenant=request.tenant), status)
    if search:
        invitations = invitations.filter(
            Q(email__icontains=search) | Q(employee__last_name__icontains=search) | Q(employee__first_name__icontains=search)
        )
    page = paginate(request, invitations)
    return render(
        request,
        "bns/members/invitation_list.html",
        {
            "page": page,
            "filters": filters,
            "search": search,
            "status": status,
            "querystring": querystring_without_page(request),
            "pending_count": _pending_invitations_count(request.tenant),
            "tab": "invitations",
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    initial = {}
    if request.method == "GET" and request.GET.get("employee"):
        # "Invite" from an employee: pre-fill the address and the link to the employee record.
        employee = selectors.employee_get_for(tenant=request.tenant, pk=request.GET["employee"])
        initial = {"employee": employee.pk, "email": employee.email}
    form = InvitationForm(request.POST if request.method == "POST" else None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = member_services.invitation_create(
                tenant=request.tenant,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                employee=form.cleaned_data["employee"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. It is valid for %(days)s days.")
                % {"email": invitation.email, "days": request.tenant.invitation_validity_days},
            )
            return redirect("invitation_list", tenant_slug=request.tenant.slug)
    return render(request, "bns/members/invitation_form.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def invitation_resend(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    invitation = selectors.invitation_get_for(tenant=request.tenant, pk=pk)
    try:
        member_services.invitation_resend(tenant=request.tenant, actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Invitation sent again to %(email)s; the link is valid until %(date)s.")
            % {"email": invitation.email, "date": date_format(timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT")},
        )
    return redirect("invitation_list", tenant_slug=request.tenant.slug)


@require_POST
def invitation_revoke(request, tenant_slug: str, pk: int):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    invitation = selectors.invitation_get_for(tenant=request.tenant, pk=pk)
    try:
        member_services.invitation_revoke(tenant=request.tenant, actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation of %(email)s revoked: its link no longer works.") % {"email": invitation.email})
    return redirect("invitation_list", tenant_slug=request.tenant.slug)


# --- Accepting an invitation (public page, outside /g/) -------------------------------------------------

# Invitation tokens are 43 random url-safe characters (256 bits): guessing one is hopeless, and an address
# that keeps trying unknown links is slowed down anyway (same answer for unknown, expired and revoked).
ACCEPT_FAILURES_PER_WINDOW = 20
ACCEPT_WINDOW_SECONDS = 10 * 60


def _accept_failures_key(request) -> str:
    return "bns:invitation-accept-failures:" + request.META.get("REMOTE_ADDR", "unknown")


def _accept_throttled(request) -> bool:
    return (cache.get(_accept_failures_key(request)) or 0) >= ACCEPT_FAILURES_PER_WINDOW


def _accept_failure(request) -> None:
    key = _accept_failures_key(request)
    if not cache.add(key, 1, ACCEPT_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, ACCEPT_WINDOW_SECONDS)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    if _accept_throttled(request):
        return render(request, "429.html", status=429)
    invitation = member_services.invitation_get_pending_by_token(token=token[:64])
    if invitation is None:
        _accept_failure(request)
        return render(request, "bns/members/invitation_invalid.html", status=404)
    tenant = invitation.tenant
    context = {"invitation": invitation, "group": tenant}
    user = request.user

    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "bns/members/invitation_accept.html", {**context, "state": "other_account"}, status=403)
        if request.method == "POST":
            try:
                member_services.invitation_accept(invitation=invitation, password=None, user=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return render(request, "bns/members/invitation_invalid.html", status=404)
            messages.success(request, _("Welcome to %(group)s.") % {"group": tenant.name})
            return redirect("tenant_home", tenant_slug=tenant.slug)
        return render(request, "bns/members/invitation_accept.html", {**context, "state": "confirm"})

    # A platform read, not tenant data: does this address already have a login?
    if User.objects.filter(email__iexact=invitation.email).exists():
        login_url = reverse("account_login") + "?" + urlencode({"next": request.path})
        return render(request, "bns/members/invitation_accept.html", {**context, "state": "login", "login_url": login_url})

    form = InvitationAcceptForm(request.POST if request.method == "POST" else None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password"], full_name=form.cleaned_data["full_name"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Welcome to %(group)s: your login is ready.") % {"group": tenant.name})
            return redirect("tenant_home", tenant_slug=tenant.slug)
    return render(
        request,
        "bns/members/invitation_accept.html",
        {**context, "state": "new", "form": form},
        status=400 if form.errors else 200,
    )


# --- Group settings -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def tenant_settings(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_POLICY)
    tenant = request.tenant
    form = TenantSettingsForm(request.POST if request.method == "POST" else None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.tenant_update_policy(tenant=tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Settings of %(group)s saved.") % {"group": tenant.name})
            return redirect("tenant_settings", tenant_slug=tenant.slug)
    return render(request, "bns/members/tenant_settings.html", {"form": form}, status=400 if form.errors else 200)


# --- Audit trail --------------------------------------------------------------------------------------

VERB_LABELS = {
    "tenant.create": gettext_lazy("Group created"),
    "tenant.policy": gettext_lazy("Group settings changed"),
    "membership.grant": gettext_lazy("Access granted"),
    "membership.update": gettext_lazy("Access changed"),
    "invitation.create": gettext_lazy("Invitation sent"),
    "invitation.resend": gettext_lazy("Invitation sent again"),
    "invitation.revoke": gettext_lazy("Invitation revoked"),
    "invitation.accept": gettext_lazy("Invitation accepted"),
    "invitation.expired": gettext_lazy("Invitation expired"),
    "site.create": gettext_lazy("Dealership created"),
    "site.update": gettext_lazy("Dealership changed"),
    "site.delete": gettext_lazy("Dealership deleted"),
    "department.create": gettext_lazy("Department created"),
    "department.update": gettext_lazy("Department changed"),
    "department.delete": gettext_lazy("Department deleted"),
    "employee.create": gettext_lazy("Employee created"),
    "employee.update": gettext_lazy("Employee changed"),
    "employee.import": gettext_lazy("Employees imported"),
    "employee.export": gettext_lazy("Employees exported"),
}


# What an audit row's ``data`` says, for people: known keys get a translated label (else the field's
# verbose name on the row's model, found by ``object_type``, else the key as it is); values show choice
# labels, Yes/No, names of the group's objects referred to by id (one query per kind of object for the
# whole page), dates in the local format, and changes as "old → new".
AUDIT_KEY_LABELS = {
    "role": gettext_lazy("Role"),
    "email": gettext_lazy("E-mail"),
    "name": gettext_lazy("Name"),
    "search": gettext_lazy("Search"),
    "file": gettext_lazy("File"),
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "errors": gettext_lazy("Errors"),
    "count": gettext_lazy("Rows"),
    "filters": gettext_lazy("Filters"),
    "emails": gettext_lazy("Recipients"),
}


# Per kind of object, labels that read better than the model's verbose names (the settings page's own).
AUDIT_KEY_LABELS_BY_TYPE = {
    "tenant": {name: field.label for name, field in TenantSettingsForm.base_fields.items()},
}


@functools.cache
def _audit_models() -> dict[str, type]:
    """Models by lowercase name (an audit row's ``object_type``), the core app's first."""
    found: dict[str, type] = {}
    for model in [*django_apps.get_app_config("bns").get_models(), *django_apps.get_models()]:
        found.setdefault(model._meta.model_name, model)
    return found


def _audit_field(model, key: str):
    if model is None or not isinstance(key, str):
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _audit_reference_model(field):
    """The tenant-owned model a foreign key points to (its ids are shown as names), else None."""
    if isinstance(field, ForeignKey) and hasattr(field.related_model, "unscoped"):
        return field.related_model
    return None


def _audit_is_change(value) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= {"from", "to"}


def _audit_int(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _audit_collect(model, key, value, refs: dict) -> None:
    """The ids of the group's objects that ``value`` refers to, by model."""
    if _audit_is_change(value):
        for item in value.values():
            _audit_collect(model, key, item, refs)
    elif isinstance(value, dict):
        for sub_key, item in value.items():
            _audit_collect(model, sub_key, item, refs)
    elif isinstance(value, list):
        for item in value:
            _audit_collect(model, key, item, refs)
    else:
        target = _audit_reference_model(_audit_field(model, key))
        pk = _audit_int(value)
        if target is not None and pk is not None:
            refs.setdefault(target, set()).add(pk)


def _audit_label(model, key) -> str:
    by_type = AUDIT_KEY_LABELS_BY_TYPE.get(model._meta.model_name, {}) if model is not None else {}
    if key in by_type:
        return str(by_type[key])
    if key in AUDIT_KEY_LABELS:
        return capfirst(str(AUDIT_KEY_LABELS[key]))
    field = _audit_field(model, key)
    if field is not None and field.verbose_name:
        return capfirst(str(field.verbose_name))
    return str(key)


def _audit_key_rank(model, key) -> tuple:
    """Keys in a stable, readable order whatever the database kept (PostgreSQL's jsonb reorders them): the
    settings page's order, then the model's field order, then AUDIT_KEY_LABELS' order, then the rest by name."""
    by_type = list(AUDIT_KEY_LABELS_BY_TYPE.get(model._meta.model_name, {})) if model is not None else []
    if key in by_type:
        return (0, by_type.index(key), "")
    field = _audit_field(model, key)
    if field is not None:
        return (1, [f.name for f in model._meta.concrete_fields].index(field.name), "")
    if key in AUDIT_KEY_LABELS:
        return (2, list(AUDIT_KEY_LABELS).index(key), "")
    return (3, 0, str(key))


def _audit_items(model, data: dict) -> list:
    return sorted(data.items(), key=lambda item: _audit_key_rank(model, item[0]))


def _audit_value(model, key, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if _audit_is_change(value):
        return "{} → {}".format(_audit_value(model, key, value.get("from"), names), _audit_value(model, key, value.get("to"), names))
    if isinstance(value, dict):
        suffix = _(":")
        return ", ".join(
            f"{_audit_label(model, sub_key)}{suffix} {_audit_value(model, sub_key, item, names)}"
            for sub_key, item in _audit_items(model, value)
        )
    if isinstance(value, list):
        return ", ".join(_audit_value(model, key, item, names) for item in value)
    field = _audit_field(model, key)
    if isinstance(field, BooleanField) and value in ("True", "False"):  # older rows stored str(bool)
        value = value == "True"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    target = _audit_reference_model(field)
    if target is not None:
        pk = _audit_int(value)
        return names.get((target, pk), f"#{value}")
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if key == "role" and not choices:
        choices = dict(Role.choices)
    if value in choices:
        return str(choices[value])
    if isinstance(field, DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "SHORT_DATETIME_FORMAT")
    return str(value)


def audit_details(*, tenant, events) -> None:
    """Set ``event.details`` (a list of (label, value) strings) on each event of a page, with one query per
    kind of object referred to by id (whatever the number of events)."""
    models = _audit_models()
    refs: dict[type, set[int]] = {}
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        for key, value in data.items():
            _audit_collect(models.get(event.object_type), key, value, refs)
    names = {}
    for target, pks in refs.items():
        for obj in target.unscoped.filter(tenant=tenant, pk__in=pks):
            names[(target, obj.pk)] = str(obj)
    for event in events:
        model = models.get(event.object_type)
        if isinstance(event.data, dict):
            event.details = [
                (_audit_label(model, key), _audit_value(model, key, value, names)) for key, value in _audit_items(model, event.data)
            ]
        else:
            event.details = [("", _audit_value(model, "", event.data, names))] if event.data not in (None, "", []) else []


@require_GET
def audit_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_AUDIT)
    search = request.GET.get("q", "").strip()
    events = selectors.audit_list(tenant=request.tenant)
    if search:
        events = events.filter(
            Q(verb__icontains=search)
            | Q(object_type__icontains=search)
            | Q(actor__email__icontains=search)
            | Q(actor__full_name__icontains=search)
        )
    page = paginate(request, events)
    page.object_list = list(page.object_list)
    for event in page.object_list:
        event.verb_label = VERB_LABELS.get(event.verb) or audit_verb_label(event.verb) or event.verb
    audit_details(tenant=request.tenant, events=page.object_list)
    return render(
        request,
        "bns/members/audit_list.html",
        {"page": page, "search": search, "querystring": querystring_without_page(request), "label_suffix": _(":")},
    )
