from django.apps import AppConfig


def _networking_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): profiles, activity, networks, coaching, charter, pulses; imported lazily."""
    from networking.demo import demo_seed

    return demo_seed(tenants=tenants, stdout=stdout)


class NetworkingConfig(AppConfig):
    name = "networking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bns.demo_hooks import demo_seeder_register

        demo_seeder_register(_networking_demo_seed)
