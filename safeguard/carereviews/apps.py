from django.apps import AppConfig


class CarereviewsConfig(AppConfig):
    name = "safeguard.carereviews"
    verbose_name = "Looked-after reviews, IROs and statutory visits"
