from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "safeguard.education"
    verbose_name = "Education: personal education plans and children missing education"

    def ready(self) -> None:
        # Registers the work items and the child's-page panel.
        from . import panels, work  # noqa: F401
