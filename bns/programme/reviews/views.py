"""Pages of step 7: the steering reviews (the schedule, the list, recording one with its frozen KPI values and new
actions, a review's page, its edit and delete) and their CSV export. Lessons (step 8): lesson_views.py.

Thin views: every member reads (Perm.VIEW_PROGRAMME); the services let only the programme's editors write (executives,
admins, the iteration's process owner). Pages show the current iteration; ``?programme=<pk>`` reads an earlier one.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import programme_current, programme_require_edit
from bns.programme.means.selectors import programme_employees
from bns.programme.models import Programme
from bns.programme.objectives.progress import unit_label
from bns.programme.objectives.smart import num
from bns.programme.reviews import selectors, services
from bns.programme.reviews.forms import NewActionFormSet, ReviewFilterForm, ReviewForm, ReviewTextsForm
from bns.programme.strategy.common import programme_from_request
from bns.views.utils import paginate, querystring_without_page

PER_PAGE = 20


def iterations(request) -> list[Programme]:
    return list(Programme.unscoped.filter(tenant=request.tenant).order_by("-iteration").only("pk", "iteration", "title", "status"))


def list_url(request, name: str, programme: Programme) -> str:
    """The list page ``name`` for ``programme``: the current iteration needs no parameter."""
    url = reverse(name, kwargs={"tenant_slug": request.tenant.slug})
    current = programme_current(tenant=request.tenant)
    return url if current is not None and current.pk == programme.pk else f"{url}?programme={programme.pk}"


def _status(*forms) -> int:
    return 400 if any(form.errors or getattr(form, "non_form_errors", list)() for form in forms) else 200


# --- The list -----------------------------------------------------------------------------------------


@require_GET
def programme_reviews(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        return render(request, "bns/programme/reviews/review_list.html", {"programme": None})
    form = ReviewFilterForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, selectors.review_list(tenant=request.tenant, programme=programme, search=search), per_page=PER_PAGE)
    current = programme_current(tenant=request.tenant)
    return render(request, "bns/programme/reviews/review_list.html", {
        "programme": programme,
        "iterations": iterations(request),
        "is_current": current is not None and current.pk == programme.pk,
        "schedule": selectors.review_schedule(tenant=request.tenant, programme=programme),
        "page": page,
        "search": search,
        "querystring": querystring_without_page(request),
        "can_edit": services.review_can_edit(membership=request.membership, programme=programme),
    })


@require_GET
def programme_reviews_export(request, tenant_slug: str):
    """The iteration's reviews as CSV (``;``, UTF-8 with BOM): one row per review and frozen KPI value."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reviews-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Iteration"), _("Date of the review"), _("Participants"), _("Decisions"), _("New actions"), _("KPI"),
                     _("Unit"), _("Value"), _("Measured on"), _("Target"), _("Gap to the target")])
    if programme is None:
        return response
    reviews = list(selectors.review_list(tenant=request.tenant, programme=programme).order_by("held_on", "pk"))
    values: dict[int, list] = {}
    for row in selectors.review_values(tenant=request.tenant, review_ids=[r.pk for r in reviews]):
        values.setdefault(row.review_id, []).append(selectors.FrozenValue(row))
    for review in reviews:
        head = [str(programme.iteration), review.held_on.isoformat(), imports.csv_safe(review.participants),
                imports.csv_safe(review.decisions), str(review.new_action_count)]
        for frozen in values.get(review.pk) or [None]:
            if frozen is None:
                writer.writerow([*head, "", "", "", "", "", ""])
                continue
            row = frozen.row
            writer.writerow([*head, imports.csv_safe(row.kpi_name), imports.csv_safe(unit_label(row.unit)),
                             "" if row.value is None else str(row.value), row.value_on.isoformat() if row.value_on else "",
                             "" if row.target is None else str(row.target), "" if frozen.gap is None else str(frozen.gap)])
    return response


# --- Recording a review -------------------------------------------------------------------------------


def _preview_day(raw, programme: Programme, today: date) -> date:
    """The date the freezing preview is computed for: the one typed when valid and allowed, else today."""
    try:
        day = date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return today
    return min(max(day, programme.starts_on), today)


def _preview(request, programme: Programme, day: date) -> list[dict]:
    return [{"kpi": kpi, "unit": unit_label(kpi.unit), "value": kpi.value_as_of, "value_on": kpi.value_on,
             "gap": None if kpi.value_as_of is None or kpi.target is None else kpi.value_as_of - kpi.target}
            for kpi in selectors.kpi_values_as_of(tenant=request.tenant, programme=programme, as_of=day)]


def _owner_choices(request):
    employees = {e.pk: e for e in programme_employees(tenant=request.tenant)}
    choices = [(pk, f"{e.full_name} · {e.site.name}" if e.site_id else e.full_name) for pk, e in employees.items()]
    return choices, employees


@require_http_methods(["GET", "POST"])
def programme_review_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    programme_require_edit(membership=request.membership, programme=programme)
    today = timezone.localdate()
    if request.method == "GET" and request.GET.get("preview"):  # htmx: the values that will be frozen as of the date typed
        day = _preview_day(request.GET.get("held_on"), programme, today)
        return render(request, "bns/programme/reviews/_freeze_preview.html", {
            "programme": programme, "preview": _preview(request, programme, day), "preview_day": day})
    bound = request.method == "POST"
    choices, employees = _owner_choices(request)
    form = ReviewForm(request.POST if bound else None, programme=programme, today=today, initial={"held_on": today})
    preview_url = reverse("programme_review_create", kwargs={"tenant_slug": request.tenant.slug})
    form.fields["held_on"].widget.attrs.update({"hx-get": f"{preview_url}?programme={programme.pk}&preview=1", "hx-trigger": "change",
                                                "hx-target": "#freeze-preview", "hx-swap": "innerHTML"})
    formset = NewActionFormSet(request.POST if bound else None, prefix="actions",
                               form_kwargs={"owner_choices": choices, "employees": employees})
    if bound and "preview" not in request.POST and form.is_valid() & formset.is_valid():
        try:
            review = services.review_record(tenant=request.tenant, actor=request.user, programme=programme,
                                            new_actions=formset.rows(), **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            count = len(formset.rows())
            text = _("Review recorded: the KPI values of %(date)s are frozen in it.") % {"date": formats.date_format(review.held_on, "SHORT_DATE_FORMAT")}
            if count:
                text += " " + ngettext("%(n)s new action added to the means.", "%(n)s new actions added to the means.", count) % {"n": count}
            messages.success(request, text)
            return redirect("programme_review_detail", tenant_slug=request.tenant.slug, pk=review.pk)
    day = _preview_day(request.POST.get("held_on") if bound else today.isoformat(), programme, today)
    status = _status(form, formset) if bound and "preview" not in request.POST else 200
    return render(request, "bns/programme/reviews/review_form.html", {
        "programme": programme, "form": form, "formset": formset, "review": None,
        "preview": _preview(request, programme, day), "preview_day": day,
        "cancel_url": list_url(request, "programme_reviews", programme),
    }, status=status)


# --- One review ---------------------------------------------------------------------------------------


@require_GET
def programme_review_detail(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    review = selectors.review_get_for(tenant=request.tenant, pk=pk)
    detail = selectors.review_detail(tenant=request.tenant, review=review)
    return render(request, "bns/programme/reviews/review_detail.html", {
        "programme": review.programme, "review": review, "detail": detail,
        "values": [{"frozen": v, "value": None if v.row.value is None else num(v.row.value),
                    "target": None if v.row.target is None else num(v.row.target),
                    "gap": None if v.gap is None else num(v.gap), "gap_positive": v.gap is not None and v.gap > 0}
                   for v in detail.values],
        "can_edit": services.review_can_edit(membership=request.membership, programme=review.programme),
        "list_url": list_url(request, "programme_reviews", review.programme),
    })


@require_http_methods(["GET", "POST"])
def programme_review_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    review = selectors.review_get_for(tenant=request.tenant, pk=pk)
    programme_require_edit(membership=request.membership, programme=review.programme)
    initial = {name: getattr(review, name) for name in services.REVIEW_EDITABLE}
    form = ReviewTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(tenant=request.tenant, actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect("programme_review_detail", tenant_slug=request.tenant.slug, pk=review.pk)
    return render(request, "bns/programme/reviews/review_form.html", {
        "programme": review.programme, "form": form, "formset": None, "review": review,
        "cancel_url": reverse("programme_review_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": review.pk}),
    }, status=_status(form) if request.method == "POST" else 200)


@require_POST
def programme_review_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    review = selectors.review_get_for(tenant=request.tenant, pk=pk)
    unlinked = services.review_delete(tenant=request.tenant, actor=request.user, review=review)
    text = _("Review of %(date)s deleted.") % {"date": formats.date_format(review.held_on, "SHORT_DATE_FORMAT")}
    if unlinked:
        text += " " + ngettext("The action decided at it stays in the means.", "The %(n)s actions decided at it stay in the means.",
                               unlinked) % {"n": unlinked}
    messages.success(request, text)
    return redirect(list_url(request, "programme_reviews", review.programme))
