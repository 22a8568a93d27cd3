from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "safeguard.adoption"
    verbose_name = "Adoption and permanence"
