"""Deadline rules for children in need plans (local practice, so the authority may change them)."""

from django.db import migrations

RULES = [
    ("cin-review", "Child in need plan review", "the plan's start or previous review", 3, "months", "L",
     "Local practice", True),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    for code, name, anchor, amount, unit, status, source, configurable in RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "anchor": anchor, "amount": amount, "unit": unit, "status": status,
                "source": source, "locally_configurable": configurable,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("workdays", "DeadlineRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_seed_deadline_rules")]
    operations = [migrations.RunPython(seed, unseed)]
