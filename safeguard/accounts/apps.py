from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguard.accounts"
    verbose_name = "Accounts and roles"
