from __future__ import annotations

from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from bns.models import Site, Tenant


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    brands = forms.CharField(label=_("Brands"), max_length=300, required=False, help_text=_("Comma-separated, e.g. Peugeot, Citroën"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    region = forms.CharField(label=_("Region"), max_length=120, required=False)

    def __init__(self, *args, tenant: Tenant, instance: Site | None = None, **kwargs):
        self.tenant = tenant
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in ("name", "brands", "city", "region")}
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("The name cannot be blank."))
        clash = Site.unscoped.filter(tenant=self.tenant).annotate(lname=Lower("name")).filter(lname=name.lower())
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A dealership with this name already exists in the group."))
        return name
