"""Deadline rules for the health of children looked after (timescales.md)."""

from django.db import migrations

RULES = [
    ("health-iha", "Initial health assessment", "the start of the period of care", 20, "working_days", "S",
     "Care Planning, Placement and Case Review (England) Regulations 2010, reg 7", False),
    ("health-review-under5", "Review health assessment (under 5)", "the latest health assessment", 6, "months", "S",
     "Care Planning, Placement and Case Review (England) Regulations 2010, reg 7", False),
    ("health-review-5plus", "Review health assessment (5 and over)", "the latest health assessment", 12, "months",
     "S", "Care Planning, Placement and Case Review (England) Regulations 2010, reg 7", False),
    ("health-dental", "Dental check", "the latest dental check (after 12 months looked after)", 12, "months", "I",
     "SSDA903 OC2 TEETH_CHECK", False),
    ("health-sdq", "Strengths and Difficulties Questionnaire", "the latest SDQ (ages 4-16, after 12 months looked "
     "after)", 12, "months", "SG", "SSDA903 guidance (OC2 SDQ_SCORE)", False),
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
    dependencies = [("health", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
