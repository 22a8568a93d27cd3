from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "safeguard.legal"
    verbose_name = "Pre-proceedings and deprivation of liberty"

    def ready(self) -> None:
        # Registers the child's-page panel.
        from . import panels  # noqa: F401
