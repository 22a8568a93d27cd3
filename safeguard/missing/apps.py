from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "safeguard.missing"
    verbose_name = "Missing and away episodes and return-home interviews"
