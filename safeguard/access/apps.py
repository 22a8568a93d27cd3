from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguard.access"
    verbose_name = "Need-to-know access and the access audit"
