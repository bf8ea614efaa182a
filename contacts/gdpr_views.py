"""Pages: logging a solicitation under the cap, the GDPR officer's actions on a person, a rep's own export."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts import gdpr, solicitations
from contacts.models import Relationship, Solicitation

# --- Solicitations ------------------------------------------------------------------------------------


class SolicitationForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Solicitation.Channel.choices)
    commercial = forms.BooleanField(
        label=gettext_lazy("Commercial solicitation (counts against the cap)"), required=False, initial=True
    )
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"), required=False, help_text=gettext_lazy("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d"],
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
    override_cap = forms.BooleanField(
        label=gettext_lazy("Log anyway, over the cap"), required=False,
        help_text=gettext_lazy("Only when the cap is reached: the override is recorded in the ledger."),
    )


@require_http_methods(["GET", "POST"])
def contacts_solicitation_new(request, tenant_slug: str, person_id: int):
    membership_require(request.membership, Perm.USE_CONTACTS)
    person = solicitations.solicitation_person_for(tenant=request.tenant, membership=request.membership, person_id=person_id)
    has_employee = request.membership.employee_id is not None
    form = SolicitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not has_employee:
        form.is_valid()
        form.add_error(None, _("Your account has no employee record: only employees log solicitations."))
    elif request.method == "POST" and form.is_valid():
        try:
            _solicitation, warning = solicitations.solicitation_log(
                tenant=request.tenant, actor=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if warning:
                messages.warning(request, warning)
            messages.success(request, _("Solicitation of %(name)s logged.") % {"name": person.full_name})
            return redirect("contacts_solicitation_new", tenant_slug=request.tenant.slug, person_id=person.pk)
    pressure = solicitations.solicitation_pressure(tenant=request.tenant, person=person)
    context = {
        "form": form,
        "person": person,
        "pressure": pressure,
        "has_employee": has_employee,
        "last_allowed": bool(pressure["cap"]) and pressure["count"] == pressure["cap"] - 1,
        # An exclusive relationship of a colleague: the approach goes through them (an introduction request).
        "exclusive": solicitations.solicitation_exclusive_relationship(
            tenant=request.tenant, person=person, employee=request.membership.employee
        ),
    }
    return render(request, "contacts/solicitation_new.html", context, status=400 if form.errors else 200)


# --- GDPR (admins) ------------------------------------------------------------------------------------


@require_GET
def contacts_gdpr_search(request, tenant_slug: str):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    search = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = paginate(request, gdpr.gdpr_person_search(tenant=request.tenant, query=search))
    return render(
        request, "contacts/gdpr_search.html", {"page": page, "search": search, "querystring": querystring_without_page(request)}
    )


def _gdpr_person_page(request, person, *, status: int = 200, erase_error: str = ""):
    relationships = list(Relationship.unscoped.filter(tenant=request.tenant, person=person).select_related("owner").order_by("pk"))
    context = {
        "person": person,
        "emails": list(person.emails.all()),
        "phones": list(person.phones.all()),
        "relationships": relationships,
        "solicitation_count": Solicitation.unscoped.filter(tenant=request.tenant, person=person).count(),
        "erase_error": erase_error,
    }
    return render(request, "contacts/gdpr_person.html", context, status=status)


@require_GET
def contacts_gdpr_person(request, tenant_slug: str, person_id: int):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    person = gdpr.gdpr_person_get_for(tenant=request.tenant, pk=person_id)
    return _gdpr_person_page(request, person)


@require_GET
def contacts_gdpr_export(request, tenant_slug: str, person_id: int):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    person = gdpr.gdpr_person_get_for(tenant=request.tenant, pk=person_id)
    fmt = request.GET.get("format", "json")
    if fmt not in ("json", "csv"):
        return HttpResponse(_("Unknown export format: choose json or csv."), status=400, content_type="text/plain; charset=utf-8")
    data = gdpr.person_access_export(tenant=request.tenant, actor=request.user, person=person, fmt=fmt)
    if fmt == "json":
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(gdpr.person_access_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-access.{fmt}"'
    return response


@require_POST
def contacts_gdpr_object(request, tenant_slug: str, person_id: int):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    person = gdpr.gdpr_person_get_for(tenant=request.tenant, pk=person_id)
    gdpr.person_object(tenant=request.tenant, actor=request.user, person=person)
    messages.success(request, _("Objection recorded: no one in the group may solicit %(name)s any more.") % {"name": person.full_name})
    return redirect("contacts_gdpr_person", tenant_slug=request.tenant.slug, person_id=person.pk)


@require_POST
def contacts_gdpr_erase(request, tenant_slug: str, person_id: int):
    membership_require(request.membership, Perm.MANAGE_GDPR)
    person = gdpr.gdpr_person_get_for(tenant=request.tenant, pk=person_id)
    if request.POST.get("confirm") != "erase":
        return _gdpr_person_page(request, person, status=400, erase_error=_("Tick the confirmation box to erase this person."))
    try:
        label = gdpr.person_erase(tenant=request.tenant, actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Person erased; the ledger keeps a pseudonymous trace (%(label)s).") % {"label": label})
    return redirect("contacts_gdpr_search", tenant_slug=request.tenant.slug)


# --- A rep's own export -------------------------------------------------------------------------------


@require_GET
def contacts_my_export(request, tenant_slug: str, fmt: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    content, _count = gdpr.my_export(tenant=request.tenant, actor=request.user, membership=request.membership, fmt=fmt)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "text/vcard; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-contacts.{fmt}"'
    return response
