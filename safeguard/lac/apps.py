from django.apps import AppConfig


class LacConfig(AppConfig):
    name = "safeguard.lac"
    verbose_name = "Children looked after: periods of care, legal status, placements"

    def ready(self) -> None:
        # Registers derived deadlines, work items and the child's-page panel.
        from . import deadlines, panels, work  # noqa: F401
