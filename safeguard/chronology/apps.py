from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "safeguard.chronology"
    verbose_name = "The event stream and each child's chronology"
