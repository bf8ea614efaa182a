"""Readable names of coaching's audit verbs (to register with bns.services.audit in NetworkingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AUDIT_VERB_LABELS = {
    "networking.coaching_note_created": _("Coaching note written"),
    "networking.coaching_note_updated": _("Coaching note changed"),
    "networking.coaching_note_deleted": _("Coaching note deleted"),
    "networking.coaching_follow_up_done": _("Coaching follow-up done"),
}
