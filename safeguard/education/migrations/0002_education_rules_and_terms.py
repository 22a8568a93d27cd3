"""The PEP deadline rule, and typical English school term dates for 2019-2028 (editable in the admin).

Typical terms: autumn from the first weekday on or after 3 September to the Friday before 21 December;
spring from the first Monday on or after 4 January to the Thursday before Good Friday; summer from the Monday
a week after Easter Monday to the Friday before 23 July. Authorities' dates differ by a few days; the PEP
review cadence only needs the terms, so an administrator corrects them when the local calendar is published.
"""

import datetime as dt

from dateutil.easter import easter
from django.db import migrations

RULES = [
    ("education-pep-initial", "Personal education plan", "the start of the period of care", 10, "working_days",
     "SG", "Promoting the education of looked-after children (DfE 2018)", False),
]
FIRST_YEAR, LAST_YEAR = 2019, 2028


def _weekday_on_or_after(day: dt.date, weekday: int | None = None) -> dt.date:
    while (day.weekday() >= 5) if weekday is None else (day.weekday() != weekday):
        day += dt.timedelta(days=1)
    return day


def _friday_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() != 4:
        day -= dt.timedelta(days=1)
    return day


def school_terms(year: int) -> list[tuple[str, dt.date, dt.date]]:
    """Spring and summer terms of `year` and the autumn term starting in it."""
    easter_sunday = easter(year)
    return [
        (f"Spring term {year}", _weekday_on_or_after(dt.date(year, 1, 4), 0), easter_sunday - dt.timedelta(days=3)),
        (f"Summer term {year}", easter_sunday + dt.timedelta(days=8), _friday_before(dt.date(year, 7, 23))),
        (f"Autumn term {year}", _weekday_on_or_after(dt.date(year, 9, 3)), _friday_before(dt.date(year, 12, 21))),
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
    SchoolTerm = apps.get_model("education", "SchoolTerm")
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for name, start, end in school_terms(year):
            SchoolTerm.objects.update_or_create(start_date=start, defaults={"name": name, "end_date": end})


def unseed(apps, schema_editor):
    apps.get_model("workdays", "DeadlineRule").objects.filter(code__in=[r[0] for r in RULES]).delete()
    apps.get_model("education", "SchoolTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial"), ("workdays", "0003_casework_rules")]
    operations = [migrations.RunPython(seed, unseed)]
