from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "safeguard.casework"
    verbose_name = "Children in need episodes and casework"

    def ready(self) -> None:
        # Registers derived deadlines, work items and the child's-page panel.
        from . import deadlines, panels, work  # noqa: F401
