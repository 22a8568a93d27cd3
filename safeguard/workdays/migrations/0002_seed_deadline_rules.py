"""Seed the deadline rule table from the statutory guidance (docs/timescales.md has the sources)."""

from django.db import migrations

# code, name, anchor, amount, unit, status, source, locally_configurable
RULES = [
    ("contact-decision", "Decision on a contact", "the contact being received", 1, "working_days", "SG",
     "Working Together 2023, ch. 4", False),
    ("assessment-completion", "Child and family assessment authorised", "the referral date", 45, "working_days",
     "SG", "Working Together 2023", False),
    ("strategy-discussion", "Strategy discussion held", "the concern being raised", 3, "working_days", "L",
     "Local procedures", True),
    ("icpc", "Initial child protection conference", "the (last) strategy discussion", 15, "working_days", "SG",
     "Working Together 2023", False),
    ("first-core-group", "First core group meeting", "the initial child protection conference", 10,
     "working_days", "SG", "Local procedures following Working Together", True),
    ("cp-first-review", "First child protection review conference", "the initial child protection conference",
     3, "months", "SG", "Working Together 2023", False),
    ("cp-later-review", "Later child protection review conference", "the previous review conference", 6,
     "months", "SG", "Working Together 2023", False),
    ("cp-visit", "Visit to a child on a child protection plan", "the previous visit", 10, "working_days", "L",
     "Local practice", True),
    ("cin-visit", "Visit to a child on a child in need plan", "the previous visit", 20, "working_days", "L",
     "Local practice", True),
    ("cla-care-plan", "Care plan for a looked-after child", "the start of the first placement", 10,
     "working_days", "S", "CPPCR 2010 reg 4", False),
    ("cla-first-review", "First looked-after review", "becoming looked after", 20, "working_days", "S",
     "CPPCR 2010 reg 33", False),
    ("cla-second-review", "Second looked-after review", "the first review", 3, "months", "S",
     "CPPCR 2010 reg 33", False),
    ("cla-later-review", "Later looked-after review", "the previous review", 6, "months", "S",
     "CPPCR 2010 reg 33", False),
    ("initial-health-assessment", "Initial health assessment", "becoming looked after", 20, "working_days", "S",
     "CPPCR 2010 reg 7", False),
    ("review-health-under-5", "Review health assessment (under 5)", "the previous health assessment", 6,
     "months", "S", "CPPCR 2010 reg 7", False),
    ("review-health-5-and-over", "Review health assessment (5 and over)", "the previous health assessment", 12,
     "months", "S", "CPPCR 2010 reg 7", False),
    ("pep-start", "Personal education plan started", "entering care", 10, "working_days", "SG",
     "DfE 2018 guidance", False),
    ("care-leaver-needs-assessment", "Care leaver needs assessment", "the 16th birthday or becoming eligible", 3,
     "months", "S", "CPPCR 2010 reg 42", False),
    ("pathway-plan-review", "Pathway plan review", "the previous pathway plan review", 6, "months", "S",
     "Care Leavers (England) Regulations 2010", False),
    ("pa-first-contact", "First personal adviser contact", "accommodation first provided", 7, "calendar_days",
     "S", "Care Leavers (England) Regulations 2010 reg 8", False),
    ("pa-contact", "Personal adviser contact", "the previous contact", 2, "months", "S",
     "Care Leavers (England) Regulations 2010 reg 8", False),
    ("return-home-interview", "Return-home interview", "the child's return", 72, "hours", "SG",
     "DfE 2014 statutory guidance on children who go missing", False),
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
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
