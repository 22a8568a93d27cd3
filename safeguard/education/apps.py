from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "safeguard.education"
    verbose_name = "Education: personal education plans and children missing education"
