"""Deadline rules for adoption reviews and visits (Adoption Agencies Regulations 2005 reg 36) and the adoption
scorecard thresholds (DfE adoption scorecard A1/A10 and A2), which the scorecard page reads from here so an
authority can change them without code."""

from django.db import migrations

AAR = "Adoption Agencies Regulations 2005 reg 36"
SCORECARD = "DfE adoption scorecard"
RULES = [
    ("adoption-review-not-placed", "Adoption review: authority to place, child not yet placed",
     "the placement order or parental consent", 3, "months", "S", AAR, False),
    ("adoption-review-later", "Adoption review: later reviews",
     "the previous adoption review", 6, "months", "S", AAR, False),
    ("adoption-placed-visit", "Visit to a child placed for adoption, until the first review",
     "the placement with the adopters, then each visit", 1, "weeks", "S", AAR, False),
    ("adoption-placed-visit-later", "Visit to a child placed for adoption, after the first review",
     "the latest visit or review", 6, "weeks", "L",
     "Local practice: reg 36 leaves the frequency to each review", True),
    ("adoption-placed-review-first", "First review after the child is placed for adoption",
     "the placement with the adopters", 4, "weeks", "S", AAR, False),
    ("adoption-placed-review-second", "Second review after the child is placed for adoption",
     "the first review after placement", 3, "months", "S", AAR, False),
    ("adoption-a1-threshold", "Adoption scorecard A1: entering care to moving in with adopters (threshold)",
     "the start of the period of care", 426, "calendar_days", "I", SCORECARD, True),
    ("adoption-a2-threshold", "Adoption scorecard A2: placement order to match (threshold)",
     "the placement order", 121, "calendar_days", "I", SCORECARD, True),
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
    dependencies = [("adoption", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
