"""Deadline rules for care leavers (statutory: the authority may not change them)."""

from django.db import migrations

# code, name, anchor, amount, unit, status, source, locally_configurable
RULES = [
    ("careleaver-needs-assessment", "Care leaver needs assessment",
     "the later of the 16th birthday and becoming eligible", 3, "months", "S", "CPPCR 2010 reg 42", False),
    ("careleaver-pathway-review", "Pathway plan review", "the plan's start or previous review", 6, "months", "S",
     "Care Leavers (England) Regulations 2010 reg 7", False),
    ("careleaver-pa-first", "First personal adviser contact", "accommodation first provided", 7, "calendar_days",
     "S", "Care Leavers (England) Regulations 2010 reg 8", False),
    ("careleaver-pa-contact", "Personal adviser contact", "the previous contact", 2, "months", "S",
     "Care Leavers (England) Regulations 2010 reg 8", False),
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
    dependencies = [("careleavers", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
