from django.apps import AppConfig


def _contacts_demo_seed(*, tenants, stdout=None):
    """seed_demo hook (bns.demo_hooks): the demo address books, imported lazily."""
    from contacts.demo import demo_seed

    return demo_seed(tenants=tenants, stdout=stdout)


def _working_together_demo_seed(*, tenants, stdout=None):
    """seed_demo hook: introductions, referrals with rewards, account plans (issue 4)."""
    from contacts.intros.demo import demo_seed as intros_seed
    from contacts.plans.demo import demo_seed as plans_seed
    from contacts.referrals.demo import demo_seed as referrals_seed

    created: dict[str, int] = {}
    for seed in (plans_seed, intros_seed, referrals_seed):
        for what, n in (seed(tenants=tenants, stdout=stdout) or {}).items():
            created[what] = created.get(what, 0) + n
    return created


class ContactsConfig(AppConfig):
    name = "contacts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bns.hooks import employee_deactivated_register
        from contacts.lifecycle import relationships_on_employee_left

        employee_deactivated_register(relationships_on_employee_left)

        from bns.services.audit import audit_verb_labels_register
        from contacts.audit_labels import AUDIT_VERB_LABELS

        audit_verb_labels_register(AUDIT_VERB_LABELS)

        from bns.demo_hooks import demo_seeder_register

        demo_seeder_register(_contacts_demo_seed)
        demo_seeder_register(_working_together_demo_seed)
