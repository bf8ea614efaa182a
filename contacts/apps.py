from django.apps import AppConfig


def _contacts_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): the demo address books, imported lazily."""
    from contacts.demo import demo_seed

    return demo_seed(tenants=tenants, stdout=stdout)


class ContactsConfig(AppConfig):
    name = "contacts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bns.hooks import employee_deactivated_register
        from contacts.lifecycle import relationships_on_employee_left

        employee_deactivated_register(relationships_on_employee_left)

        from bns.demo_hooks import demo_seeder_register

        demo_seeder_register(_contacts_demo_seed)
