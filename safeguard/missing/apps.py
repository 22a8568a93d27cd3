from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "safeguard.missing"
    verbose_name = "Missing and away episodes and return-home interviews"

    def ready(self) -> None:
        # Registers the derived interview deadline, work items, the child's-page panel and the at-risk lists.
        from . import at_risk, deadlines, panels, work  # noqa: F401
