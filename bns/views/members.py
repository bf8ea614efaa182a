"""Pages for who may enter a group: members (roles), invitations (and accepting one), the group's settings
and its audit trail."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
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
}


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
        event.verb_label = VERB_LABELS.get(event.verb, event.verb)
    return render(
        request,
        "bns/members/audit_list.html",
        {"page": page, "search": search, "querystring": querystring_without_page(request)},
    )

