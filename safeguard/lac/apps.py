from django.apps import AppConfig


class LacConfig(AppConfig):
    name = "safeguard.lac"
    verbose_name = "Children looked after: periods of care, legal status, placements"
