from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "safeguard.oversight"
    verbose_name = "Case notes, management oversight, approvals and supervision"
