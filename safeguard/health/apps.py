from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "safeguard.health"
    verbose_name = "Health of children looked after"
