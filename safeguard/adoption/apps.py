from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "safeguard.adoption"
    verbose_name = "Adoption and permanence"

    def ready(self) -> None:
        # Registers derived deadlines, work items and the child's-page panel.
        from . import deadlines, panels, work  # noqa: F401
