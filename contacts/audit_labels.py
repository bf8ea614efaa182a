"""Readable names of the contacts app's audit verbs (registered with bns.services.audit in ContactsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AUDIT_VERB_LABELS = {
    "account_plan.create": _("Account plan created"),
    "account_plan.update": _("Account plan changed"),
    "account_plan.stakeholder_add": _("Stakeholder added to an account plan"),
    "account_plan.stakeholder_update": _("Stakeholder changed"),
    "account_plan.stakeholder_remove": _("Stakeholder removed from an account plan"),
    "account_plan.action_create": _("Account plan action created"),
    "account_plan.action_update": _("Account plan action changed"),
    "account_plan.action_complete": _("Account plan action done"),
    "affiliation.create": _("Affiliation created"),
    "affiliation.merge": _("Affiliations merged"),
    "contacts.account_owners_told": _("Account owners told"),
    "contacts.account_update": _("Account changed"),
    "contacts.merge_dismiss": _("Suggested duplicate dismissed"),
    "reward.payroll_export": _("Payroll export of rewards"),
    "reward_rule.create": _("Reward rule created"),
    "reward_rule.change": _("Reward rule changed"),
    "reward_rule.end": _("Reward rule ended"),
}
