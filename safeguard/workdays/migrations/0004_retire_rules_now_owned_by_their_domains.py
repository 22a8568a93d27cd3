"""Retire the first seed's rules for looked-after reviews, health, PEPs, care leavers and return interviews.

Each domain app now seeds and uses its own rules (lac-review-*, health-*, education-pep-initial, careleaver-*,
missing-rhi), so these rows were unused duplicates that an administrator could have edited to no effect.
The care plan rule (cla-care-plan) stays: the looked-after app uses it.
"""

from django.db import migrations

RETIRED = {
    "cla-first-review": ("Looked-after child: first review", "becoming looked after", 20, "working_days", "S", "CPPCR 2010 reg 33"),
    "cla-second-review": ("Looked-after child: second review", "the first review", 3, "months", "S", "CPPCR 2010 reg 33"),
    "cla-later-review": ("Looked-after child: later reviews", "the previous review", 6, "months", "S", "CPPCR 2010 reg 33"),
    "initial-health-assessment": ("Initial health assessment", "becoming looked after", 20, "working_days", "S", "CPPCR 2010 reg 7"),
    "review-health-under-5": ("Review health assessment (under 5)", "the previous assessment", 6, "months", "S", "CPPCR 2010 reg 7"),
    "review-health-5-and-over": ("Review health assessment (5 and over)", "the previous assessment", 12, "months", "S", "CPPCR 2010 reg 7"),
    "pep-start": ("Personal education plan started", "entering care", 10, "working_days", "SG", "DfE 2018 guidance"),
    "care-leaver-needs-assessment": ("Care leaver needs assessment", "16th birthday or becoming eligible", 3, "months", "S", "CPPCR 2010 reg 42"),
    "pathway-plan-review": ("Pathway plan review", "the previous review", 6, "months", "S", "Care Leavers (England) Regulations 2010"),
    "pa-first-contact": ("First personal adviser contact", "accommodation first provided", 7, "calendar_days", "S", "Care Leavers Regs reg 8"),
    "pa-contact": ("Personal adviser contact", "the previous contact", 2, "months", "S", "Care Leavers Regs reg 8"),
    "return-home-interview": ("Return-home interview", "the child's return", 72, "hours", "SG", "DfE 2014 statutory guidance"),
}  # fmt: skip


def retire(apps, schema_editor):
    apps.get_model("workdays", "DeadlineRule").objects.filter(code__in=RETIRED).delete()


def restore(apps, schema_editor):
    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    for code, (name, anchor, amount, unit, status, source) in RETIRED.items():
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={"name": name, "anchor": anchor, "amount": amount, "unit": unit, "status": status, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(retire, restore)]
