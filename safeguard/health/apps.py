from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "safeguard.health"
    verbose_name = "Health of children looked after"

    def ready(self) -> None:
        # Registers the work items and the child's-page panel.
        from . import panels, work  # noqa: F401
