from django.apps import AppConfig


class AsylumConfig(AppConfig):
    name = "safeguard.asylum"
    verbose_name = "Unaccompanied asylum-seeking children"
