from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "safeguard.casework"
    verbose_name = "Children in need episodes and casework"

    def ready(self) -> None:
        from . import deadlines, work  # noqa: F401  (registers derived deadlines and work items)
