from django.apps import AppConfig


class AsylumConfig(AppConfig):
    name = "safeguard.asylum"
    verbose_name = "Unaccompanied asylum-seeking children"

    def ready(self) -> None:
        # Registers the child's-page panel.
        from . import panels  # noqa: F401
