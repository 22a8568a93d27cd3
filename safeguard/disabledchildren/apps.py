from django.apps import AppConfig


class DisabledchildrenConfig(AppConfig):
    name = "safeguard.disabledchildren"
    verbose_name = "Disabled children and waiting times"

    def ready(self) -> None:
        # Registers the derived deadline, work items and the child's-page panel.
        from . import deadlines, panels, work  # noqa: F401
