from django.apps import AppConfig


class QueuesConfig(AppConfig):
    name = "safeguard.queues"
    verbose_name = "Work queues: my work, team work and children at risk of immediate harm"
