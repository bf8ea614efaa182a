"""Readable names of the programme's audit verbs, registered for the audit page in BnsConfig.ready()."""

from django.utils.translation import gettext_lazy as _


def programme_audit_verb_labels() -> dict:
    from bns.programme.means.services import AUDIT_VERB_LABELS as means_labels
    from bns.programme.strategy.services import AUDIT_VERB_LABELS as strategy_labels

    return {
        "programme.objective_create": _("Programme objective created"),
        "programme.objective_update": _("Programme objective changed"),
        "programme.objective_delete": _("Programme objective deleted"),
        "programme.kpi_create": _("KPI created"),
        "programme.kpi_update": _("KPI changed"),
        "programme.kpi_delete": _("KPI deleted"),
        "programme.kpi_value_record": _("KPI value recorded"),
        "programme.kpi_measure": _("KPI measured from the catalogue"),
        "programme.kpi_value_delete": _("KPI value deleted"),
        **strategy_labels,
        **means_labels,
        **_area_labels(),
    }


def _area_labels() -> dict:
    """The AUDIT_VERB_LABELS of the other areas' services modules."""
    import importlib

    labels: dict = {}
    for area in ("home", "diagnostic", "attitudes", "reviews", "report"):
        try:
            module = importlib.import_module(f"bns.programme.{area}.services")
        except ModuleNotFoundError as exc:  # an area without services
            if exc.name != f"bns.programme.{area}.services":
                raise
            continue
        labels.update(getattr(module, "AUDIT_VERB_LABELS", {}))
    return labels
