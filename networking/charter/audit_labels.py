"""Readable names of the charter's audit verbs (to register with bns.services.audit in NetworkingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AUDIT_VERB_LABELS = {
    "networking.charter_published": _("Networking charter published"),
    "networking.charter_acknowledged": _("Networking charter acknowledged"),
}
