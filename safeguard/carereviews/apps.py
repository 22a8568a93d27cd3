from django.apps import AppConfig


class CarereviewsConfig(AppConfig):
    name = "safeguard.carereviews"
    verbose_name = "Looked-after reviews, IROs and statutory visits"

    def ready(self) -> None:
        # Registers derived deadlines, work items, the child's-page panel, the at-risk list and the signals that
        # keep the schedule in step with placements.
        from . import at_risk, deadlines, panels, signals, work  # noqa: F401
