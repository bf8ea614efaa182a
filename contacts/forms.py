"""Forms of the contacts pages (validation of values is the services' job; these shape the input)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import STRENGTH_MEANINGS, LedgerEntry, RelationshipKind, Scope, Visibility

STRENGTH_CHOICES = [(k, v) for k, v in STRENGTH_MEANINGS.items()]


def _text(label, *, required=False, max_length=200, **attrs):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.TextInput(attrs=attrs))


class RelationshipFieldsMixin(forms.Form):
    kind = forms.ChoiceField(label=_("How we know each other"), choices=RelationshipKind.choices, initial=RelationshipKind.OTHER)
    context = _text(_("Context"), max_length=300, placeholder=_("Met at the Rennes motor show, 2024"))
    strength = forms.TypedChoiceField(
        label=_("Strength"), choices=STRENGTH_CHOICES, coerce=int, initial=2, widget=forms.RadioSelect
    )
    open_to_offer = forms.BooleanField(label=_("Open to a commercial offer"), required=False)
    exclusive = forms.BooleanField(
        label=_("Exclusive"), required=False, help_text=_("Colleagues must go through me to approach this person.")
    )
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices)
    scope = forms.ChoiceField(label=_("Shared with"), choices=Scope.choices)
    private_notes = forms.CharField(
        label=_("Private notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown to anyone but you, your manager included."),
    )
    tags = _text(_("Tags"), max_length=300, placeholder=_("fleet, vip"))


class QuickAddForm(RelationshipFieldsMixin):
    first_name = _text(_("First name"), max_length=100, autocomplete="given-name", autocapitalize="words")
    last_name = _text(_("Last name"), max_length=100, autocomplete="family-name", autocapitalize="words")
    company = _text(_("Company"), autocomplete="organization")
    siren = _text(_("SIREN (optional)"), max_length=20, inputmode="numeric", autocomplete="off", pattern="[0-9 ]*")
    position = _text(_("Position"), autocomplete="organization-title")
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    linkedin_url = forms.CharField(
        label=_("LinkedIn profile"), required=False, max_length=300,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url", "placeholder": "https://www.linkedin.com/in/..."}),
    )

    field_order = [
        "first_name", "last_name", "company", "siren", "position", "email", "phone", "linkedin_url", "kind", "context",
        "strength", "open_to_offer", "exclusive", "visibility", "scope", "private_notes", "tags",
    ]

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].initial = tenant.default_relationship_visibility
        self.fields["scope"].initial = tenant.default_relationship_scope


class RelationshipEditForm(RelationshipFieldsMixin):
    pass


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("visibility", _("Set who may see them")),
        ("strength", _("Set the strength")),
        ("tags", _("Add tags")),
        ("delete", _("Delete")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, required=False)
    scope = forms.ChoiceField(label=_("Shared with"), choices=Scope.choices, required=False)
    strength = forms.TypedChoiceField(label=_("Strength"), choices=STRENGTH_CHOICES, coerce=int, required=False, empty_value=None)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "visibility" and not data.get("visibility"):
            self.add_error("visibility", _("Choose the visibility."))
        if action == "strength" and not data.get("strength"):
            self.add_error("strength", _("Choose the strength."))
        if action == "tags" and not (data.get("tags") or "").strip():
            self.add_error("tags", _("Give at least one tag."))
        return data


class LedgerFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + list(LedgerEntry.Verb.choices))
    actor = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None, choices=[])
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Everyone"))] + [(m.user_id, m.user.get_full_name()) for m in memberships]
