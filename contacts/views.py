"""Pages of the contact ledger: the rep's address book, who-knows-who, the ledger.

Thin views: membership_require, selectors (the visibility rule lives in contacts.selectors), services, messages.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns import selectors as bns_selectors
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from contacts import selectors, services
from contacts.forms import (
    BulkActionForm,
    LedgerFilterForm,
    QuickAddForm,
    RelationshipEditForm,
)
from contacts.intros import selectors as intro_selectors
from contacts.intros import services as intro_services
from contacts.intros.forms import IntroRequestForm, intro_form_initial
from contacts.models import STRENGTH_MEANINGS, LedgerEntry, Visibility

STRENGTH_BANDS = {"weak": gettext_lazy("weak"), "good": gettext_lazy("good"), "strong": gettext_lazy("strong")}


def _band_label(band: str) -> str:
    return str(STRENGTH_BANDS.get(band, band))


def _import_url(tenant) -> str | None:
    """The import page, once the import helper's module is wired (None until then)."""
    try:
        return reverse("contacts_import", kwargs={"tenant_slug": tenant.slug})
    except NoReverseMatch:
        return None


def _text_param(params, name: str, max_length: int = 200) -> str:
    """A free-text query parameter, trimmed, without NUL characters (PostgreSQL refuses them)."""
    return params.get(name, "").replace("\x00", "").strip()[:max_length]


def _list_filters(params) -> dict:
    visibility = params.get("visibility", "")
    import_id = params.get("import", "")
    return {
        "search": _text_param(params, "q"),
        "visibility": visibility if visibility in Visibility.values else "",
        "tag": _text_param(params, "tag", 100),
        "contact_import_id": int(import_id) if import_id.isdigit() else None,
    }


def _my_relationships(request, filters: dict):
    return selectors.my_relationships(tenant=request.tenant, membership=request.membership, **filters)


# --- My contacts --------------------------------------------------------------------------------------


def _list_page(request, filters: dict, *, bulk_form=None, bulk_errors=(), status=200):
    page = paginate(request, _my_relationships(request, filters))
    intro_requests = list(selectors.intro_requests_for_owner(tenant=request.tenant, membership=request.membership)[:20])
    return render(
        request,
        "contacts/contact_list.html",
        {
            "page": page,
            "filters": filters,
            "search": filters["search"],
            "has_filters": any(filters.values()),
            "querystring": querystring_without_page(request),
            "has_employee": request.membership.employee_id is not None,
            "import_url": _import_url(request.tenant),
            "intro_requests": intro_requests,
            "visibility_choices": Visibility.choices,
            "strength_meanings": STRENGTH_MEANINGS,
            "bulk_form": bulk_form or BulkActionForm(),
            "bulk_errors": list(bulk_errors),
        },
        status=status,
    )


@require_GET
def contacts_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    return _list_page(request, _list_filters(request.GET))


@require_POST
def contacts_bulk(request, tenant_slug: str):
    """Bulk actions on the owner's ticked contacts (or on every contact of the current filter)."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    employee = request.membership.employee
    form = BulkActionForm(request.POST)
    filters = _list_filters(request.POST)
    if employee is None:
        return _list_page(request, filters, bulk_form=form, status=400,
                          bulk_errors=[_("You have no employee record, so no contacts of your own.")])
    if request.POST.get("all") == "1":
        ids = list(_my_relationships(request, filters).values_list("pk", flat=True))
    else:
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    if not form.is_valid():
        return _list_page(request, filters, bulk_form=form, status=400)
    if not ids:
        return _list_page(request, filters, bulk_form=form, status=400, bulk_errors=[_("Tick at least one contact.")])
    data, common = form.cleaned_data, dict(tenant=request.tenant, actor=request.user, owner=employee, relationship_ids=ids)
    action = data["action"]
    try:
        if action == "delete":
            if request.POST.get("confirm") != "1":
                count = _my_relationships(request, _list_filters({})).filter(pk__in=ids).count()
                return render(request, "contacts/bulk_delete_confirm.html", {"ids": ids, "count": count})
            count = services.relationship_bulk_delete(**common)
            messages.success(request, _("%(count)s contacts deleted.") % {"count": count})
        elif action == "visibility":
            changes = {"visibility": data["visibility"], **({"scope": data["scope"]} if data["scope"] else {})}
            count = services.relationship_bulk_update(**common, **changes)
            messages.success(request, _("%(count)s contacts changed.") % {"count": count})
        elif action == "strength":
            count = services.relationship_bulk_update(**common, strength=data["strength"])
            messages.success(request, _("%(count)s contacts changed.") % {"count": count})
        else:
            count = services.relationship_bulk_add_tags(**common, tags=data["tags"])
            messages.success(request, _("%(count)s contacts changed.") % {"count": count})
    except ValidationError as exc:
        return _list_page(request, filters, bulk_form=form, status=400, bulk_errors=exc.messages)
    return redirect("contacts_list", tenant_slug=request.tenant.slug)


@require_http_methods(["GET", "POST"])
def contacts_add(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    employee = request.membership.employee
    form = QuickAddForm(request.POST if request.method == "POST" else None, tenant=request.tenant)
    if employee is not None and request.method == "POST" and form.is_valid():
        try:
            relationship, created = services.contact_quick_add(
                tenant=request.tenant, actor=request.user, owner=employee, **form.cleaned_data
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Contact “%(name)s” logged.") % {"name": relationship.person.full_name})
            else:
                messages.info(
                    request, _("You already had “%(name)s” in your contacts: here it is.") % {"name": relationship.person.full_name}
                )
            return redirect("contacts_relationship", tenant_slug=request.tenant.slug, pk=relationship.pk)
    status = 400 if form.errors or (employee is None and request.method == "POST") else 200
    return render(request, "contacts/contact_form.html", {"form": form, "has_employee": employee is not None}, status=status)


# --- One relationship ---------------------------------------------------------------------------------


def _get(request, pk):
    return selectors.relationship_get_for(tenant=request.tenant, membership=request.membership, pk=pk)


def _relationship_page(request, relationship, *, edit_form=None, intro_form=None, status=200):
    shown = selectors.relationship_present(relationship)
    access = shown["access"]
    context = {
        "relationship": relationship,
        "shown": shown,
        "access": access,
        "band_label": _band_label(shown["strength_band"]),
        "strength_meaning": STRENGTH_MEANINGS.get(shown.get("strength")),
    }
    if access == selectors.OWNER:
        context["edit_form"] = edit_form or RelationshipEditForm(
            initial={f: getattr(relationship, f) for f in services.RELATIONSHIP_EDITABLE}
        )
        context["intro_requests"] = list(
            intro_selectors.intro_requests_for_owner(
                tenant=request.tenant, membership=request.membership, relationship_id=relationship.pk, pending_only=False
            )[:50]
        )
        context["person_emails"] = [e.email for e in relationship.person.emails.all()]
        context["person_phones"] = [p.number for p in relationship.person.phones.all()]
    else:
        # ?purpose_kind=&account_plan= prefill the form (links from an account plan's stakeholder).
        context["intro_form"] = intro_form or IntroRequestForm(
            tenant=request.tenant, initial=intro_form_initial(request.GET, tenant=request.tenant)
        )
        context["can_request"] = request.membership.employee_id is not None and relationship.status == "active"
        context["my_intro_requests"] = list(
            intro_selectors.intro_requests_sent(tenant=request.tenant, membership=request.membership)
            .filter(relationship_id=relationship.pk)[:10]
        )
        if access == selectors.DETAILS:
            context["person_emails"] = [e.email for e in relationship.person.emails.all()]
            context["person_phones"] = [p.number for p in relationship.person.phones.all()]
    return render(request, "contacts/relationship_detail.html", context, status=status)


@require_GET
def contacts_relationship(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    relationship = _get(request, pk)
    if relationship.access == selectors.DETAILS:
        since = timezone.now() - services.relationship_recent_views_window()
        if not selectors.recent_view_recorded(tenant=request.tenant, user=request.user, relationship_id=relationship.pk, since=since):
            services.relationship_record_view(tenant=request.tenant, actor=request.user, relationship=relationship)
    return _relationship_page(request, relationship)


@require_http_methods(["GET", "POST"])
def contacts_relationship_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    relationship = _get(request, pk)
    if relationship.access != selectors.OWNER:
        raise PermissionDenied
    if request.method == "GET":
        return redirect("contacts_relationship", tenant_slug=request.tenant.slug, pk=relationship.pk)
    form = RelationshipEditForm(request.POST)
    if form.is_valid():
        try:
            services.relationship_update(tenant=request.tenant, actor=request.user, relationship=relationship, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("contacts_relationship", tenant_slug=request.tenant.slug, pk=relationship.pk)
    return _relationship_page(request, relationship, edit_form=form, status=400)


@require_POST
def contacts_relationship_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.USE_CONTACTS)
    relationship = _get(request, pk)
    if relationship.access != selectors.OWNER:
        raise PermissionDenied
    name = relationship.person.full_name
    services.relationship_delete(tenant=request.tenant, actor=request.user, relationship=relationship)
    messages.success(request, _("“%(name)s” removed from your contacts.") % {"name": name})
    return redirect("contacts_list", tenant_slug=request.tenant.slug)


@require_http_methods(["GET", "POST"])
def contacts_intro_request(request, tenant_slug: str, pk):
    """Ask the owner for an introduction. GET: the relationship page with the form prefilled from
    ``?purpose_kind=`` and ``?account_plan=`` (an account plan of the group)."""
    membership_require(request.membership, Perm.USE_CONTACTS)
    relationship = _get(request, pk)
    if request.method == "GET":
        query = QueryDict(mutable=True)
        for key in ("purpose_kind", "account_plan"):
            if request.GET.get(key):
                query[key] = request.GET[key][:40]
        target = reverse("contacts_relationship", kwargs={"tenant_slug": request.tenant.slug, "pk": relationship.pk})
        return redirect(f"{target}?{query.urlencode()}#intro-title" if query else f"{target}#intro-title")
    form = IntroRequestForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        try:
            intro = intro_services.intro_request_create(
                tenant=request.tenant, actor=request.user, relationship=relationship, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None  # a PRIVATE relationship: missing, for anyone but its owner
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your request was sent to %(owner)s, who decides whether to introduce you.") % {
                    "owner": relationship.owner.full_name}
            )
            return redirect("contacts_intro_detail", tenant_slug=request.tenant.slug, pk=intro.pk)
    return _relationship_page(request, relationship, intro_form=form, status=400)


# --- Who knows who ------------------------------------------------------------------------------------


@require_GET
def contacts_who_knows(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    search = _text_param(request.GET, "q")
    qs = selectors.who_knows(tenant=request.tenant, membership=request.membership, query=search).order_by(
        "person__company_name", "person__last_name", "person__first_name", "-strength", "pk"
    )
    page = paginate(request, qs)
    groups: OrderedDict[str, dict] = OrderedDict()
    for relationship in page.object_list:
        shown = selectors.relationship_present(relationship)
        shown["band_label"] = _band_label(shown["strength_band"])
        group = groups.setdefault(shown["company"] or _("(no company)"), {"persons": OrderedDict(), "existence": []})
        if shown["access"] == selectors.EXISTENCE:
            group["existence"].append(shown)
        else:
            group["persons"].setdefault(shown["person_id"], {"name": shown["person_name"], "rows": []})["rows"].append(shown)
    return render(
        request,
        "contacts/who_knows.html",
        {"page": page, "search": search, "groups": groups, "querystring": querystring_without_page(request),
         "can_request": request.membership.employee_id is not None},
    )


# --- Ledger -------------------------------------------------------------------------------------------


@require_GET
def contacts_my_ledger(request, tenant_slug: str):
    membership_require(request.membership, Perm.USE_CONTACTS)
    page = paginate(request, selectors.ledger_for_owner(tenant=request.tenant, membership=request.membership))
    return render(
        request,
        "contacts/my_ledger.html",
        {"page": page, "querystring": querystring_without_page(request), "has_employee": request.membership.employee_id is not None},
    )


def _ledger_query(request):
    memberships = list(bns_selectors.membership_list(tenant=request.tenant))
    form = LedgerFilterForm(request.GET or None, memberships=memberships)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        filters = {
            "verb": data.get("verb") or "",
            "actor_id": data.get("actor"),
            "since": datetime.combine(data["since"], time.min, tzinfo=tz) if data.get("since") else None,
            "until": datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=tz) if data.get("until") else None,
        }
    return form, selectors.ledger_list(tenant=request.tenant, **filters)


def _ledger_rows(request, entries) -> list[dict]:
    """Ledger rows for the group's ledger: the subject's name only where the viewer may see the details.

    Rows about private relationships (or deleted ones, or ones the viewer only knows exist) name no one.
    """
    rel_ids = {e.relationship_id for e in entries if e.relationship_id}
    visible = set(
        selectors.relationship_visible(tenant=request.tenant, membership=request.membership)
        .filter(pk__in=rel_ids, access__in=[selectors.OWNER, selectors.DETAILS])
        .values_list("pk", flat=True)
    ) if rel_ids else set()
    rows = []
    for entry in entries:
        rows.append({
            "entry": entry,
            "when": timezone.localtime(entry.created_at),
            "actor": entry.actor_label or (entry.actor.get_full_name() if entry.actor_id else ""),
            "verb": entry.get_verb_display(),
            "owner": entry.owner.full_name if entry.owner_id else "",
            "subject": entry.subject_label if entry.relationship_id in visible else "",
        })
    return rows


@require_GET
def contacts_ledger(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_LEDGER)
    form, qs = _ledger_query(request)
    page = paginate(request, qs)
    return render(
        request,
        "contacts/ledger.html",
        {"page": page, "form": form, "rows": _ledger_rows(request, list(page.object_list)),
         "querystring": querystring_without_page(request)},
    )


@require_GET
def contacts_ledger_export(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_LEDGER)
    form, qs = _ledger_query(request)
    entries = list(qs[:50000])
    rows = _ledger_rows(request, entries)
    services.ledger_record(tenant=request.tenant, actor=request.user, verb=LedgerEntry.Verb.EXPORT,
                           data={"what": "ledger", "rows": len(rows), "filters": request.GET.urlencode()[:500]})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"ledger-{request.tenant.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Date"), _("Who"), _("Action"), _("Owner"), _("Contact")])
    for row in rows:
        writer.writerow([f"{row['when']:%Y-%m-%d %H:%M}", row["actor"], row["verb"], row["owner"], row["subject"]])
    return response
