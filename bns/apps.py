from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BnsConfig(AppConfig):
    name = "bns"
    verbose_name = _("BNS core")
    default_auto_field = "django.db.models.BigAutoField"
