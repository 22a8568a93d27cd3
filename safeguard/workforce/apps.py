from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "safeguard.workforce"
    verbose_name = "Teams, workers and allocations"

    def ready(self) -> None:
        from . import work  # noqa: F401  (registers this app's work-item providers)
