"""Deadline rule for the return-home interview after a missing episode, measured on the clock (72 hours)."""

from django.db import migrations

RULES = [
    ("missing-rhi", "Return-home interview after a missing episode", "the child's return", 72, "hours", "SG",
     "DfE 2014 statutory guidance on children who run away or go missing from home or care", False),
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
    dependencies = [("missing", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
