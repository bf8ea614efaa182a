"""The questionnaire as a form: per question, a level 1-5 (radio buttons labelled with the anchored statements) and
an optional comment. Questions left without a level are not answered (answer them later); the service checks the rest.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bns.programme.diagnostic.questionnaire import DIMENSIONS, LEVELS, QUESTIONS
from bns.programme.diagnostic.services import COMMENT_MAX


def comment_field_name(code: str) -> str:
    return f"comment_{code}"


class DiagnosticAnswerForm(forms.Form):
    """Field ``<question code>``: the level; field ``comment_<question code>``: the comment."""

    def __init__(self, *args, mine: dict | None = None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        for code, answer in (mine or {}).items():
            initial.setdefault(code, str(answer.level))
            initial.setdefault(comment_field_name(code), answer.comment)
        super().__init__(*args, initial=initial, **kwargs)
        for dimension in DIMENSIONS:
            for question in dimension.questions:
                self.fields[question.code] = forms.TypedChoiceField(
                    label=question.text, required=False, coerce=int, empty_value=None, widget=forms.RadioSelect,
                    choices=[(str(level), f"{level}. {question.level_text(level)}") for level in LEVELS],
                    error_messages={"invalid_choice": _("Choose a level from 1 to 5.")},
                )
                self.fields[comment_field_name(question.code)] = forms.CharField(
                    label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX,
                    widget=forms.TextInput(attrs={"maxlength": COMMENT_MAX}),
                )

    def clean(self):
        cleaned = super().clean()
        for code in QUESTIONS:
            if cleaned.get(comment_field_name(code)) and cleaned.get(code) is None and code not in self.errors:
                self.add_error(code, _("Choose a level for this comment."))
        if not self.errors and not any(cleaned.get(code) is not None for code in QUESTIONS):
            raise forms.ValidationError(_("Answer at least one question: choose a level from 1 to 5."))
        return cleaned

    def answers(self) -> dict[str, tuple[int, str]]:
        """``{question code: (level, comment)}`` of the questions given a level."""
        return {code: (self.cleaned_data[code], self.cleaned_data.get(comment_field_name(code), ""))
                for code in QUESTIONS if self.cleaned_data.get(code) is not None}

    def groups(self) -> list[dict]:
        """The fields grouped by dimension, for the template."""
        return [{"dimension": dimension, "questions": [
            {"question": q, "level": self[q.code], "comment": self[comment_field_name(q.code)]} for q in dimension.questions
        ]} for dimension in DIMENSIONS]
