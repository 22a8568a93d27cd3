from django.apps import AppConfig


class DisabledchildrenConfig(AppConfig):
    name = "safeguard.disabledchildren"
    verbose_name = "Disabled children and waiting times"
