from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.importing import parsers
from contacts.models import STRENGTH_MEANINGS, Visibility

FORMAT_CHOICES = [
    ("auto", _("Detect automatically")),
    (parsers.LINKEDIN, _("LinkedIn export (Connections.csv)")),
    (parsers.VCARD, _("vCard (.vcf): phone, Apple, Google, Outlook")),
    (parsers.CSV, _("Other CSV file (you choose the columns)")),
]

CSV_FIELD_CHOICES_LABELS = {
    "first_name": _("First name"), "last_name": _("Last name"), "full_name": _("Full name"), "email": _("E-mail"),
    "email2": _("Second e-mail"), "phone": _("Phone"), "phone2": _("Second phone"), "company": _("Company"),
    "position": _("Position"), "linkedin_url": _("LinkedIn profile"), "note": _("Note (kept private)"),
}


class ContactImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("LinkedIn Connections.csv, a .vcf address book or a CSV file (5 MB at most)."))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    default_visibility = forms.ChoiceField(
        label=_("Visibility of the imported contacts"), choices=Visibility.choices, initial=Visibility.PRIVATE,
        help_text=_("You can change it afterwards, contact by contact or in bulk."),
    )
    default_strength = forms.TypedChoiceField(
        label=_("Strength of the relationship"), choices=list(STRENGTH_MEANINGS.items()), coerce=int, initial=2
    )


class ColumnMappingForm(forms.Form):
    """One select per field, choosing a column of the file (or none)."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not imported)"))] + [(h, h) for h in headers if h]
        for field_name in parsers.CSV_FIELDS:
            self.fields[field_name] = forms.ChoiceField(label=CSV_FIELD_CHOICES_LABELS[field_name], choices=choices, required=False)

    def clean(self):
        data = super().clean()
        used = [v for v in data.values() if v]
        if len(used) != len(set(used)):
            raise forms.ValidationError(_("Each column can be used for one field only."))
        if not any(data.get(k) for k in ("first_name", "last_name", "full_name", "email", "linkedin_url")):
            raise forms.ValidationError(_("Choose the column of the name, of the e-mail or of the LinkedIn profile."))
        return data
