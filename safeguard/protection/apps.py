from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safeguard.protection"
    verbose_name = "Child protection: strategy discussions, section 47 enquiries, conferences and plans"

    def ready(self) -> None:
        # Registers derived deadlines, work items and the child's-page panel.
        from . import at_risk, deadlines, panels, work  # noqa: F401
