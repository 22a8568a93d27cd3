from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "safeguard.frontdoor"
    verbose_name = "Front door: contacts and decisions"

    def ready(self) -> None:
        from . import deadlines  # noqa: F401  (registers derived deadlines)
