"""allauth's forms with our wording: the e-mail field is « Adresse e-mail » (glossary: e-mail), not the
« Courriel » that Django's French catalogue gives allauth's "Email" label. Set in settings.ACCOUNT_FORMS."""

from __future__ import annotations

from allauth.account.forms import AddEmailForm, LoginForm, ResetPasswordForm
from django.utils.translation import gettext_lazy as _

EMAIL_LABEL = _("E-mail address")


class EmailLabelMixin:
    email_field_name = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.email_field_name)
        if field is not None:
            field.label = EMAIL_LABEL


class BNSLoginForm(EmailLabelMixin, LoginForm):
    email_field_name = "login"  # an e-mail field: ACCOUNT_LOGIN_METHODS = {"email"}


class BNSResetPasswordForm(EmailLabelMixin, ResetPasswordForm):
    pass


class BNSAddEmailForm(EmailLabelMixin, AddEmailForm):
    pass
