"""Pages of step 8: lessons learned and field feedback, tagged by step, carried into the next iteration; CSV export.

Every member reads; any member with an employee record writes a lesson of the running iteration (the reps' field
feedback counts), the programme's editors too; a lesson is changed or deleted by its author or an editor (the services
check it again). Pages show the current iteration; ``?programme=<pk>`` reads an earlier one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns import imports
from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.programme.access import programme_can_edit, programme_current
from bns.programme.models import Programme, Step
from bns.programme.reviews import selectors, services
from bns.programme.reviews.forms import LessonFilterForm, LessonForm
from bns.programme.reviews.views import iterations, list_url
from bns.programme.strategy.common import programme_from_request
from bns.views.utils import paginate, querystring_without_page

PER_PAGE = 30
PREVIOUS_SHOWN = 50


def _can_change_any(request, programme: Programme) -> bool:
    return programme_can_edit(membership=request.membership, programme=programme)


def _own(request, programme: Programme) -> int | None:
    """The employee whose lessons the member may change (their own, while the iteration runs)."""
    if programme.status == Programme.Status.ACTIVE and request.membership.employee_id:
        return request.membership.employee_id
    return None


@require_GET
def programme_lessons(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        return render(request, "bns/programme/reviews/lesson_list.html", {"programme": None})
    filters = LessonFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    step, search = data.get("step"), data.get("q", "")
    page = paginate(request, selectors.lesson_list(tenant=request.tenant, programme=programme, step=step, search=search),
                    per_page=PER_PAGE)
    can_change_any, own = _can_change_any(request, programme), _own(request, programme)
    previous = list(selectors.lessons_previous(tenant=request.tenant, programme=programme)[:PREVIOUS_SHOWN + 1])
    current = programme_current(tenant=request.tenant)
    return render(request, "bns/programme/reviews/lesson_list.html", {
        "programme": programme,
        "iterations": iterations(request),
        "is_current": current is not None and current.pk == programme.pk,
        "filters": filters,
        "step": step,
        "step_label": Step(step).label if step else "",
        "search": search,
        "page": page,
        "rows": [{"lesson": lesson, "can_change": can_change_any or (own is not None and lesson.author_id == own)}
                 for lesson in page.object_list],
        "querystring": querystring_without_page(request),
        "can_write": services.lesson_can_write(membership=request.membership, programme=programme),
        "form": LessonForm(initial={"step": step} if step else None, auto_id="new-lesson-%s"),
        "previous": previous[:PREVIOUS_SHOWN],
        "previous_more": len(previous) > PREVIOUS_SHOWN,
    })


@require_GET
def programme_lessons_export(request, tenant_slug: str):
    """The iteration's lessons as CSV (``;``, UTF-8 with BOM)."""
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lessons-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write(imports.CSV_BOM)
    writer = imports.csv_writer(response)
    writer.writerow([_("Iteration"), _("Step"), _("Step name"), _("Lesson"), _("Author"), _("Carried from iteration"), _("Written on")])
    if programme is None:
        return response
    for lesson in selectors.lesson_list(tenant=request.tenant, programme=programme).iterator(chunk_size=500):
        origin = lesson.carried_from.programme.iteration if lesson.carried_from_id else ""
        writer.writerow([str(programme.iteration), str(lesson.step), str(lesson.get_step_display()), imports.csv_safe(lesson.text),
                         imports.csv_safe(lesson.author.full_name if lesson.author_id else ""), str(origin),
                         timezone.localdate(lesson.created_at).isoformat()])
    return response


@require_http_methods(["GET", "POST"])
def programme_lesson_create(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    programme = programme_from_request(request)
    if programme is None:
        raise Http404
    if not services.lesson_can_write(membership=request.membership, programme=programme):
        raise PermissionDenied
    step = request.GET.get("step", "")
    form = LessonForm(request.POST or None, initial={"step": step} if step.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_create(tenant=request.tenant, actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Lesson added: it will feed the next iteration."))
            return redirect(list_url(request, "programme_lessons", programme))
    return render(request, "bns/programme/reviews/lesson_form.html", {
        "programme": programme, "form": form, "lesson": None, "cancel_url": list_url(request, "programme_lessons", programme),
    }, status=400 if form.errors else 200)


def _lesson_for_change(request, pk):
    lesson = selectors.lesson_get_for(tenant=request.tenant, pk=pk)
    if not services.lesson_can_change(membership=request.membership, lesson=lesson):
        raise PermissionDenied
    return lesson


@require_http_methods(["GET", "POST"])
def programme_lesson_edit(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    lesson = _lesson_for_change(request, pk)
    form = LessonForm(request.POST or None, initial={"step": lesson.step, "text": lesson.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(tenant=request.tenant, actor=request.user, lesson=lesson, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect(list_url(request, "programme_lessons", lesson.programme))
    return render(request, "bns/programme/reviews/lesson_form.html", {
        "programme": lesson.programme, "form": form, "lesson": lesson,
        "cancel_url": list_url(request, "programme_lessons", lesson.programme),
    }, status=400 if form.errors else 200)


@require_POST
def programme_lesson_delete(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_PROGRAMME)
    lesson = _lesson_for_change(request, pk)
    services.lesson_delete(tenant=request.tenant, actor=request.user, lesson=lesson)
    messages.success(request, _("Lesson deleted."))
    return redirect(list_url(request, "programme_lessons", lesson.programme))
