"""Deadline rule for disabled children's waiting time (local practice, so the authority may change it).

No national timescale exists for the wait from referral to a first service for a disabled child. Twelve weeks is
this authority's local standard: the 45-working-day assessment (about nine weeks) plus three weeks to arrange the
first service.
"""

from django.db import migrations

RULES = [
    ("disabled-first-service", "First service for a disabled child", "the referral (or the request for a service)",
     12, "weeks", "L", "Local practice", True),
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
    dependencies = [("disabledchildren", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
