from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "safeguard.oversight"
    verbose_name = "Case notes, management oversight, approvals and supervision"

    def ready(self) -> None:
        # Registers the child's-page panel (latest notes and manager decision).
        from . import panels  # noqa: F401
