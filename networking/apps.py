from django.apps import AppConfig


def _networking_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): profiles, activity, networks, coaching, charter, pulses; imported lazily."""
    from networking.demo import demo_seed

    return demo_seed(tenants=tenants, stdout=stdout)


class NetworkingConfig(AppConfig):
    name = "networking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import importlib

        from bns.demo_hooks import demo_seeder_register
        from bns.services.audit import audit_verb_labels_register

        for area in ("profiles", "activity", "networks", "coaching", "charter", "pulse", "score"):
            try:
                module = importlib.import_module(f"networking.{area}.audit_labels")
            except ModuleNotFoundError as exc:  # an area without audit labels
                if exc.name != f"networking.{area}.audit_labels":
                    raise
                continue
            audit_verb_labels_register(module.AUDIT_VERB_LABELS)

        demo_seeder_register(_networking_demo_seed)
