"""The IRO's contact with the child between reviews: an authority-configurable interval (no national one).

CPPCR 2010 reg 36 has the IRO speak to the child before each review (the schedule caps the due date at the next
review); the IRO Handbook (2010) expects contact between reviews without fixing how often. The default, 6 months,
adds nothing to "before each review" while reviews are 6-monthly; an authority that wants contact between reviews
sets a shorter interval (3 months is common) in the rule table, and stored dates are re-derived.
"""

from django.db import migrations

RULE = {
    "code": "lac-iro-contact",
    "name": "IRO contact with a looked-after child (between reviews, and before each review)",
    "anchor": "the latest IRO contact, or becoming looked after",
    "amount": 6,
    "unit": "months",
    "status": "L",
    "source": "IRO Handbook 2010 (no national interval); CPPCR 2010 reg 36; locally configurable",
    "locally_configurable": True,
}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    DeadlineRule.objects.update_or_create(code=RULE["code"], defaults={k: v for k, v in RULE.items() if k != "code"})


def unseed(apps, schema_editor):
    apps.get_model("workdays", "DeadlineRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("carereviews", "0003_iro_contact_schedule"),
        ("workdays", "0004_retire_rules_now_owned_by_their_domains"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
