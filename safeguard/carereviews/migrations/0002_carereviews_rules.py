"""Deadline rules for looked-after reviews (CPPCR 2010 reg 33) and social worker visits (CPPCR 2010 reg 28)."""

from django.db import migrations

REG_28 = "Care Planning, Placement and Case Review (England) Regulations 2010 reg 28"
REG_33 = "Care Planning, Placement and Case Review (England) Regulations 2010 reg 33"

# code, name, anchor, amount, unit, status, source, locally_configurable
RULES = [
    ("lac-review-first", "First looked-after review", "becoming looked after", 20, "working_days", "S", REG_33,
     False),
    ("lac-review-second", "Second looked-after review", "the first review", 3, "months", "S", REG_33, False),
    ("lac-review-later", "Later looked-after review", "the previous review", 6, "months", "S", REG_33, False),
    ("lac-visit-first", "First visit in a placement", "the start of the placement", 1, "weeks", "S", REG_28, False),
    ("lac-visit-first-year", "Visit in the first year of a placement", "the previous visit", 6, "weeks", "S", REG_28,
     False),
    ("lac-visit-until-18", "Visit after the first year (placement intended to last until 18)", "the previous visit",
     3, "months", "S", REG_28, False),
    ("lac-visit-after-first-year", "Visit after the first year (other placements)", "the previous visit", 6,
     "weeks", "S", REG_28, False),
    ("lac-visit-long-term-foster", "Visit in a long-term foster placement after a year, the child agreeing",
     "the previous visit", 6, "months", "S", REG_28, False),
    ("lac-visit-weekly", "Weekly visit (placed with parents before assessment or with a connected person) until the "
     "first review", "the previous visit", 1, "weeks", "S", REG_28, False),
    ("lac-visit-after-first-review", "Visit after the first review (placed with parents or a connected person)",
     "the previous visit", 6, "weeks", "L", REG_28 + " (4 to 6 weeks; local choice)", True),
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
    dependencies = [("carereviews", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
