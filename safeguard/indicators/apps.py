from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "safeguard.indicators"
    verbose_name = "Indicators: the inspection lens's measures, as of any date"

    def ready(self) -> None:
        # Each definitions module registers its indicators when imported.
        from . import definitions  # noqa: F401
