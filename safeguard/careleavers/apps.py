from django.apps import AppConfig


class CareleaversConfig(AppConfig):
    name = "safeguard.careleavers"
    verbose_name = "Care leavers"
