from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _dashboards_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): the demo group's snapshots, computed from the other apps' demo data."""
    from dashboards.demo import dashboards_demo_seed

    return dashboards_demo_seed(tenants=tenants, stdout=stdout)


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Celery finds dashboards.tasks by itself (bns.celery: autodiscovery and tasks_modules_import), as for
        # the other apps; the services import the task lazily.
        from bns.demo_hooks import demo_seeder_register
        from bns.services.audit import audit_verb_labels_register
        from dashboards.catalogue import value_source_set
        from dashboards.coaching.services import AUDIT_VERB_LABELS as COACHING_AUDIT_VERB_LABELS
        from dashboards.selectors import snapshot_value_read
        from dashboards.services import AUDIT_VERB_LABELS

        audit_verb_labels_register(AUDIT_VERB_LABELS)
        audit_verb_labels_register(COACHING_AUDIT_VERB_LABELS)
        # The catalogue's callers (the programme's KPIs) read a day's snapshot when there is one.
        value_source_set(snapshot_value_read)
        demo_seeder_register(_dashboards_demo_seed)
