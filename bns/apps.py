from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BnsConfig(AppConfig):
    name = "bns"
    verbose_name = _("BNS core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bns.programme.audit_labels import programme_audit_verb_labels
        from bns.services.audit import audit_verb_labels_register

        audit_verb_labels_register(programme_audit_verb_labels())
