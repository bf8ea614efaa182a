"""Pages of coaching: my notes, my team, one employee's notes, and the note's edit, delete and follow-up.

A note is read by the employee it is about and by their manager line only; anyone else gets 404, whatever their
role (admins and executives included). Writes go through networking.coaching.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bns.access import membership_require
from bns.forms import form_add_service_errors
from bns.permissions import Perm
from bns.views.utils import paginate, querystring_without_page
from networking.coaching import selectors, services
from networking.coaching.forms import CoachingNoteForm, TeamFilterForm
from networking.models import CoachingNote

NOTES_PER_PAGE = 20
TEAM_PER_PAGE = 50


def _note_rows(request, notes) -> list[dict]:
    me = request.membership.employee_id
    today = timezone.localdate()
    return [
        {
            "note": note,
            "state": selectors.follow_up_state(note, today),
            "is_author": me is not None and note.author_id == me,
            "can_mark_done": me is not None and me in (note.author_id, note.employee_id),
        }
        for note in notes
    ]


@require_GET
def coaching_mine(request, tenant_slug: str):
    """The member's own notes, read-only, with who else reads them."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = request.membership.employee
    context = {"has_employee": employee is not None, "page": None, "rows": [], "readers": []}
    if employee is not None:
        page = paginate(request, selectors.coaching_notes_of(tenant=request.tenant, employee=employee), per_page=NOTES_PER_PAGE)
        context.update(
            page=page, rows=_note_rows(request, page.object_list),
            readers=selectors.coaching_readers(tenant=request.tenant, employee=employee),
            is_manager_of_someone=selectors.has_reports(tenant=request.tenant, employee=employee),
        )
    return render(request, "networking/coaching/mine.html", context)


@require_GET
def coaching_team(request, tenant_slug: str):
    """A manager's team: each employee below them with profile, activity trend, score, last note and follow-ups."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    manager = request.membership.employee
    form = TeamFilterForm(request.GET or None)
    filters = form.filters()
    context = {"has_employee": manager is not None, "form": form, "filters": filters, "rows": [], "page": None, "team_size": 0}
    ids = selectors.team_employee_ids(tenant=request.tenant, manager=manager) if manager is not None else []
    if ids:
        today = timezone.localdate()
        qs = selectors.team_employees(tenant=request.tenant, ids=ids, search=filters["q"], today=today)
        if filters["due"]:
            qs = qs.filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
        page = paginate(request, qs, per_page=TEAM_PER_PAGE)
        context.update(
            page=page, team_size=len(ids), querystring=querystring_without_page(request),
            rows=selectors.team_rows(tenant=request.tenant, employees=list(page.object_list), today=today),
            weeks=selectors.TREND_WEEKS, due_soon_days=selectors.DUE_SOON_DAYS,
        )
    return render(request, "networking/coaching/team.html", context)


def _employee_page(request, employee, *, form=None, status=200):
    me = request.membership.employee
    is_self = me is not None and me.pk == employee.pk
    page = paginate(request, selectors.coaching_notes_of(tenant=request.tenant, employee=employee), per_page=NOTES_PER_PAGE)
    return render(request, "networking/coaching/employee.html", {
        "employee": employee,
        "is_self": is_self,
        "can_write": not is_self,  # the page is open to the employee and their manager line only
        "form": form if form is not None else CoachingNoteForm(),
        "page": page,
        "rows": _note_rows(request, page.object_list),
        "readers": selectors.coaching_readers(tenant=request.tenant, employee=employee),
    }, status=status)


@require_http_methods(["GET", "POST"])
def coaching_employee(request, tenant_slug: str, pk):
    """One employee's notes (for them and their manager line; 404 for anyone else) and the add-note form."""
    membership_require(request.membership, Perm.USE_NETWORKING)
    employee = selectors.coaching_employee_get_for(membership=request.membership, employee_id=pk)
    if request.method == "GET":
        return _employee_page(request, employee)
    form = CoachingNoteForm(request.POST)
    if form.is_valid():
        try:
            services.coaching_note_create(tenant=request.tenant, actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Coaching note saved: %(name)s is told and can read it.") % {"name": employee.full_name})
            return redirect("networking_coaching_employee", tenant_slug=request.tenant.slug, pk=employee.pk)
    return _employee_page(request, employee, form=form, status=400)


def _note(request, pk) -> CoachingNote:
    membership_require(request.membership, Perm.USE_NETWORKING)
    return selectors.coaching_note_get_for(membership=request.membership, pk=pk)


def _back(request, note: CoachingNote):
    if request.membership.employee_id == note.employee_id:
        return redirect("networking_coaching_mine", tenant_slug=request.tenant.slug)
    return redirect("networking_coaching_employee", tenant_slug=request.tenant.slug, pk=note.employee_id)


@require_http_methods(["GET", "POST"])
def coaching_note_edit(request, tenant_slug: str, pk):
    note = _note(request, pk)
    if request.membership.employee_id != note.author_id:
        raise PermissionDenied
    if request.method == "POST":
        form = CoachingNoteForm(request.POST, current_follow_up=note.follow_up_on)
        if form.is_valid():
            try:
                services.coaching_note_update(tenant=request.tenant, actor=request.user, note=note, **form.cleaned_data)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Coaching note updated."))
                return _back(request, note)
        status = 400
    else:
        form = CoachingNoteForm(initial={"focus": note.focus, "actions_agreed": note.actions_agreed, "follow_up_on": note.follow_up_on})
        status = 200
    return render(request, "networking/coaching/note_edit.html", {"note": note, "form": form}, status=status)


@require_POST
def coaching_note_delete(request, tenant_slug: str, pk):
    note = _note(request, pk)
    services.coaching_note_delete(tenant=request.tenant, actor=request.user, note=note)
    messages.success(request, _("Coaching note deleted."))
    return _back(request, note)


@require_POST
def coaching_note_follow_up_done(request, tenant_slug: str, pk):
    note = _note(request, pk)
    try:
        services.coaching_follow_up_done(tenant=request.tenant, actor=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Follow-up marked done."))
    return _back(request, note)
