from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "safeguard.protection"
    verbose_name = "Child protection: strategy discussions, section 47 enquiries, conferences and plans"
