from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _programme_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): the armor group's BNS programme in its 4th month; imported lazily."""
    from bns.programme.demo import programme_demo_seed

    return programme_demo_seed(tenants=tenants, stdout=stdout)


class BnsConfig(AppConfig):
    name = "bns"
    verbose_name = _("BNS core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bns.demo_hooks import demo_seeder_register
        from bns.programme.audit_labels import programme_audit_verb_labels
        from bns.services.audit import audit_verb_labels_register

        audit_verb_labels_register(programme_audit_verb_labels())
        demo_seeder_register(_programme_demo_seed)
