"""Readable names of the real-world networks' audit verbs (to register with bns.services.audit in NetworkingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AUDIT_VERB_LABELS = {
    "networking.network_create": _("Network added to the directory"),
    "networking.network_update": _("Network changed"),
    "networking.network_deactivate": _("Network removed from the directory"),
    "networking.membership_add": _("Network membership declared"),
    "networking.membership_restart": _("Network membership started again"),
    "networking.membership_update": _("Network membership changed"),
    "networking.membership_end": _("Network membership ended"),
    "networking.target_set": _("Target network set"),
    "networking.target_update": _("Target network changed"),
    "networking.target_remove": _("Target network removed"),
    "networking.event_create": _("Network event logged"),
    "networking.event_update": _("Network event changed"),
    "networking.attendance_set": _("Event attendance marked"),
    "networking.event_contact_add": _("Person met at an event recorded"),
}
