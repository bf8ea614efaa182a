"""Pages of the networks' events: the list, an event's page, its forms, attendance ("I was there") and the contacts
met, recorded by the attendee and turned into their own relationships (contacts_met.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from networking.networks import selectors, services
from networking.networks.access import event_can_edit
from networking.networks.contacts_met import attendee_of
from networking.networks.forms import (
    AttendeeAddForm,
    EventContactForm,
    EventCreateForm,
    EventFilterForm,
    EventForm,
)


def _status(form) -> int:
    return 400 if form is not None and form.errors else 200


def _event_redirect(request, event):
    return redirect("networking_event_detail", tenant_slug=request.tenant.slug, pk=event.pk)


@require_GET
def events_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    form = EventFilterForm(request.GET or None, networks=selectors.network_choices(tenant=request.tenant))
    filters = form.filters()
    qs = selectors.event_list(tenant=request.tenant, membership=request.membership, **filters)
    return render(request, "networking/networks/event_list.html", {
        "page": paginate(request, qs, per_page=25), "form": form, "filters": filters, "has_filters": any(filters.values()),
        "querystring": querystring_without_page(request), "has_employee": request.membership.employee_id is not None,
    })


@require_http_methods(["GET", "POST"])
def event_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_NETWORKING)
    network_id = request.GET.get("network", "")
    initial = {"network": int(network_id)} if network_id.isdigit() and len(network_id) < 10 else {}
    form = EventCreateForm(request.POST or None, initial=initial, networks=selectors.network_choices(tenant=request.tenant))
    if request.membership.employee_id is None:
        del form.fields["i_attended"]  # nobody to mark: the login has no employee record
    if request.method == "POST" and form.is_valid():
        try:
            event = services.network_event_create(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Event logged. Record the persons you met there: they become your contacts."))
            return _event_redirect(request, event)
    return render(request, "networking/networks/event_form.html", {"form": form, "event": None}, status=_status(form))


@require_GET
def event_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    event = selectors.event_get_for(tenant=request.tenant, pk=pk)
    detail = selectors.event_detail(tenant=request.tenant, membership=request.membership, event=event)
    can_edit = event_can_edit(request.membership, event)
    me = request.membership.employee_id
    for row in detail.attendees:
        row.can_remove = can_edit or row.employee_id == me
    return render(request, "networking/networks/event_detail.html", {
        "event": event, "detail": detail, "can_edit": can_edit, "has_employee": me is not None,
        "is_past": event.held_on <= timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def event_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_NETWORKING)
    event = selectors.event_get_for(tenant=request.tenant, pk=pk)
    if not event_can_edit(request.membership, event):
        raise PermissionDenied
    initial = {"title": event.title, "held_on": event.held_on, "network": event.network_id, "city": event.city, "notes": event.notes}
    form = EventForm(request.POST or None, initial=initial,
                     networks=selectors.network_choices(tenant=request.tenant, include=event.network_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.network_event_update(tenant=request.tenant, actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return _event_redirect(request, event)
    return render(request, "networking/networks/event_form.html", {"form": form, "event": event}, status=_status(form))


@require_POST
def event_attend(request, tenant_slug: str, pk):
    """"I was there": the viewer marks themself as an attendee (the body is ignored)."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    event = selectors.event_get_for(tenant=request.tenant, pk=pk)
    try:
        services.event_attendance_set(tenant=request.tenant, actor=request.user, event=event, attended=True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are marked as present. Who did you meet there?"))
    return _event_redirect(request, event)


@require_http_methods(["GET", "POST"])
def event_attendee_add(request, tenant_slug: str, pk):
    """The event's creator (or a member managing the networks) marks a colleague as present."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    event = selectors.event_get_for(tenant=request.tenant, pk=pk)
    if not event_can_edit(request.membership, event):
        raise PermissionDenied
    form = AttendeeAddForm(request.POST or None, employees=selectors.employee_choices(tenant=request.tenant))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.event_attendance_set(tenant=request.tenant, actor=request.user, event=event,
                                                employee=form.cleaned_data["employee"], attended=True)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is marked as present.") % {"name": row.employee.full_name})
            return _event_redirect(request, event)
    return render(request, "networking/networks/attendee_form.html", {"form": form, "event": event}, status=_status(form))


@require_POST
def attendance_remove(request, tenant_slug: str, pk):
    """Take an attendance mark back: the attendee themself, the event's creator or a member managing the networks."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    row = selectors.attendance_get_for(tenant=request.tenant, pk=pk)
    services.event_attendance_set(tenant=request.tenant, actor=request.user, event=row.event, employee=row.employee, attended=False)
    messages.success(request, _("%(name)s is no longer marked as present.") % {"name": row.employee.full_name})
    return _event_redirect(request, row.event)


@require_http_methods(["GET", "POST"])
def event_contact_add(request, tenant_slug: str, pk):
    """The attendee records a person met at the event: it becomes their own relationship, in one step."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    membership_require(request.membership, Perm.USE_CONTACTS)
    tenant = request.tenant
    event = selectors.event_get_for(tenant=tenant, pk=pk)
    if not attendee_of(tenant=tenant, event=event, employee_id=request.membership.employee_id):
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "networking/networks/event_contact_form.html", {"event": event, "form": None, "contacts": []})
    form = EventContactForm(request.POST or None, initial={"visibility": tenant.default_relationship_visibility, "strength": 1})
    if request.method == "POST" and form.is_valid():
        try:
            result = services.event_contact_add(tenant=tenant, actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            name = result.relationship.person.full_name
            if result.already_recorded:
                messages.info(request, _("%(name)s was already among the persons you met at this event.") % {"name": name})
            elif result.relationship_created:
                messages.success(request, _("%(name)s is now in your contacts, with “%(context)s”.") % {
                    "name": name, "context": result.relationship.context})
            else:
                messages.info(request, _("%(name)s was already in your contacts: your relationship is kept as it was.") % {"name": name})
            if result.objected:
                messages.warning(request, _("%(name)s objected to being contacted: nobody in the group may solicit them.") % {
                    "name": name})
            if "another" in request.POST:
                return redirect("networking_event_contact_add", tenant_slug=tenant.slug, pk=event.pk)
            return _event_redirect(request, event)
    contacts = selectors.my_event_contacts(tenant=tenant, membership=request.membership, event=event)
    return render(request, "networking/networks/event_contact_form.html", {"event": event, "form": form, "contacts": contacts},
                  status=_status(form))
