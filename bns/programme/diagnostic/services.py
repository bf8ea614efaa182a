"""Writes of step 2 (the self-assessment): a respondent saves their answers to the questionnaire.

Who answers: members with Perm.ANSWER_DIAGNOSTIC (executives, site directors, sales managers, administrators,
consultants) whose login is linked to an employee record of the group (the answer is that employee's), and only
while the iteration runs (a closed iteration's self-assessment is its baseline: read-only). Answering again
replaces your earlier answers to the same questions (one answer per iteration, respondent and question).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bns.access import membership_of_actor
from bns.models import Membership, Tenant
from bns.permissions import Perm
from bns.programme.diagnostic.questionnaire import LEVELS, QUESTIONS
from bns.programme.models import DiagnosticAnswer, Programme
from bns.services.audit import audit_record

COMMENT_MAX = 500

AUDIT_VERB_LABELS = {
    "programme.diagnostic.answer": gettext_lazy("Self-assessment answered"),
}


def diagnostic_can_answer(*, membership: Membership, programme: Programme) -> bool:
    """Whether the member may answer this iteration's questionnaire now."""
    return (programme.status == Programme.Status.ACTIVE and membership.has_perm(Perm.ANSWER_DIAGNOSTIC)
            and membership.employee_id is not None)


def _level(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value in LEVELS else None


def _clean(answers) -> dict[str, tuple[int, str]]:
    """``{question code: (level, comment)}``, or a ValidationError naming each bad question by its code."""
    if not isinstance(answers, dict) or not answers:
        raise ValidationError({"answers": _("Answer at least one question.")})
    errors: dict[str, str] = {}
    clean: dict[str, tuple[int, str]] = {}
    unknown = sorted(str(code)[:40] for code in answers if not isinstance(code, str) or code not in QUESTIONS)
    if unknown:
        errors["answers"] = _("Unknown questions: %(codes)s.") % {"codes": ", ".join(unknown)}
    for code, value in answers.items():
        if not isinstance(code, str) or code not in QUESTIONS:
            continue
        if isinstance(value, tuple | list) and len(value) == 2:
            level, comment = value
        else:
            level, comment = value, ""
        level = _level(level)
        comment = " ".join(str(comment or "").replace("\x00", "").split())
        if level is None:
            errors[code] = _("Choose a level from 1 to 5.")
        elif len(comment) > COMMENT_MAX:
            errors[code] = _("The comment has at most %(n)s characters.") % {"n": COMMENT_MAX}
        else:
            clean[code] = (level, comment)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def diagnostic_answer_save(*, tenant: Tenant, actor, membership: Membership | None = None, programme: Programme,
                           answers: dict) -> list[DiagnosticAnswer]:
    """Save the actor's answers (``{question code: (level 1-5, comment)}``; a bare level means no comment): new
    questions are added, questions answered before are replaced, the others are kept. Returns the saved rows.

    PermissionDenied without Perm.ANSWER_DIAGNOSTIC; ValidationError without an employee record, on a closed
    iteration, for an unknown question code or a level outside 1..5 (keyed by the question's code)."""
    if programme.tenant_id != tenant.pk:
        raise PermissionDenied
    actual = membership_of_actor(tenant=tenant, actor=actor)
    if membership is not None and membership.pk != actual.pk:
        raise PermissionDenied
    membership = actual
    if not membership.has_perm(Perm.ANSWER_DIAGNOSTIC):
        raise PermissionDenied
    if membership.employee_id is None:
        raise ValidationError(_("Your login is not linked to an employee of the group: an administrator can link it, then "
                                "you can answer."))
    programme = Programme.unscoped.select_for_update().get(tenant=tenant, pk=programme.pk)
    if programme.status != Programme.Status.ACTIVE:
        raise ValidationError(_("This iteration is closed: its self-assessment can be read, no longer answered."))
    clean = _clean(answers)
    now = timezone.now()
    existing = {a.question: a for a in DiagnosticAnswer.unscoped.select_for_update().filter(
        tenant=tenant, programme=programme, respondent_id=membership.employee_id, question__in=list(clean))}
    created, updated = [], []
    for code, (level, comment) in clean.items():
        answer = existing.get(code)
        if answer is None:
            created.append(DiagnosticAnswer(tenant=tenant, programme=programme, respondent_id=membership.employee_id,
                                            dimension=QUESTIONS[code].dimension, question=code, level=level, comment=comment,
                                            answered_at=now))
        elif (answer.level, answer.comment) != (level, comment):
            answer.level, answer.comment, answer.answered_at = level, comment, now
            answer.dimension = QUESTIONS[code].dimension
            updated.append(answer)
    if created:
        DiagnosticAnswer.unscoped.bulk_create(created)
    if updated:
        DiagnosticAnswer.unscoped.bulk_update(updated, ["level", "comment", "dimension", "answered_at"])
    if created or updated:
        # The levels stay out of the audit trail: individual answers are for the programme's editors only.
        audit_record(tenant=tenant, actor=actor, verb="programme.diagnostic.answer", obj=programme, data={
            "respondent": membership.employee_id, "created": sorted(a.question for a in created),
            "updated": sorted(a.question for a in updated)})
    return [*created, *updated]
