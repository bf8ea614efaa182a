from django.apps import AppConfig


class NetworkingConfig(AppConfig):
    name = "networking"
    default_auto_field = "django.db.models.BigAutoField"
