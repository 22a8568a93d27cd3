from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "safeguard.workdays"
    verbose_name = "Working-day calendar and deadline rules"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (cache invalidation)
