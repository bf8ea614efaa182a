"""Anonymity is structural: the tables themselves cannot tie an answer to a person (issue 5, seed 001)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from networking.models import PulseAnswer, PulseParticipation

TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def _foreign_keys(model) -> dict[str, type]:
    return {f.name: f.related_model for f in model._meta.concrete_fields if f.is_relation}


def test_an_answer_holds_no_person_no_time_and_a_random_key():
    assert set(_foreign_keys(PulseAnswer)) == {"tenant", "pulse"}
    assert not [f.name for f in PulseAnswer._meta.get_fields() if isinstance(f, TIME_FIELDS)]
    assert isinstance(PulseAnswer._meta.pk, models.UUIDField)
    assert not PulseAnswer._meta.many_to_many
    names = {f.name for f in PulseAnswer._meta.concrete_fields}
    assert not names & {"employee", "user", "membership", "created_at", "created", "answered_at", "ip", "session"}
    assert PulseAnswer._meta.ordering == ["id"]  # random keys: never the order of answering


def test_a_participation_says_who_answered_and_nothing_else():
    fks = _foreign_keys(PulseParticipation)
    assert set(fks) == {"tenant", "pulse", "employee"}
    assert PulseAnswer not in fks.values()
    assert not [f.name for f in PulseParticipation._meta.get_fields() if isinstance(f, TIME_FIELDS)]
    assert isinstance(PulseParticipation._meta.pk, models.UUIDField)


def test_no_model_of_the_project_points_at_an_answer_or_a_participation():
    """Nothing could link the two tables through a third one (an audit or a log table, say)."""
    pointing = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if getattr(f, "concrete", False) and f.is_relation and f.related_model in (PulseAnswer, PulseParticipation)
    ]
    assert pointing == []


def test_the_django_admin_does_not_list_answers_or_participations():
    from django.conf import settings

    if "django.contrib.admin" not in settings.INSTALLED_APPS:
        return  # no Django admin at all in this project: nothing to list
    from django.contrib import admin  # pragma: no cover - only when the admin gets installed

    assert PulseAnswer not in admin.site._registry and PulseParticipation not in admin.site._registry
