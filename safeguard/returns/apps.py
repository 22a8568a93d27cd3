from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguard.returns"
    verbose_name = "Statutory returns and inspection data"
