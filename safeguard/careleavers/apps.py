from django.apps import AppConfig


class CareleaversConfig(AppConfig):
    name = "safeguard.careleavers"
    verbose_name = "Care leavers"

    def ready(self) -> None:
        # Registers derived deadlines, work items, the child's-page panel and permissions.
        from . import deadlines, panels, rules, work  # noqa: F401
