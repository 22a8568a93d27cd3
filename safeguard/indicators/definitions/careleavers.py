"""Care leavers: indicator 34, from the birthday contacts (SSDA903 OC3, DfE care leaver statistics)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from safeguard.careleavers.models import BirthdayContact

from ..engine import Context, Direction, Result, Unit, in_period, percentage, share
from ..registry import indicator

SECTION = "Care leavers"
EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
OLDER = (19, 21)
YOUNGER = (17, 18)

PERIOD = """Birthdays in the 12 months ending on the as-of date, with the contact recorded on or before it."""


def _contacts(ctx: Context) -> list[tuple[int, int, str, str, str]]:
    """(child, age, in touch, accommodation, activity) for birthday contacts in the period, leaving out those who
    died (the DfE's denominators exclude them)."""
    recorded_by = timezone.make_aware(dt.datetime.combine(ctx.as_of + dt.timedelta(days=1), dt.time.min))
    return list(
        ctx.restrict(
            BirthdayContact.objects.filter(in_period(ctx.period, "birthday"), recorded_at__lt=recorded_by)
            .exclude(in_touch="DIED")
            .filter(age__gte=YOUNGER[0], age__lte=OLDER[1])
        ).values_list("child_id", "age", "in_touch", "accommodation", "activity")
    )


def _by_age(ctx: Context, test: Callable[[str, str, str], bool]) -> Result:
    rows = _contacts(ctx)
    older = [(child, test(touch, accom, activ)) for child, age, touch, accom, activ in rows if age >= OLDER[0]]
    younger = [test(touch, accom, activ) for _, age, touch, accom, activ in rows if age <= YOUNGER[1]]
    return percentage(older, details=[("Aged 17 or 18", share(sum(younger), len(younger)))])


def _definition(what: str) -> str:
    return f"""Care leavers whose 19th, 20th or 21st birthday fell in the period and whose birthday contact
        (recorded on or before the as-of date) says {what}, as a percentage of those care leavers' birthday
        contacts (those who died are left out). Also shown: the same for the 17th and 18th birthdays."""


@indicator(
    key="care-leavers-in-touch",
    number="34a",
    title="Care leavers aged 19 to 21 in touch",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=_definition("the authority was in touch (IN_TOUCH YES)"),
    period=PERIOD,
    counted_label="In touch",
    other_label="Not in touch, refused or no longer requiring services",
)
def care_leavers_in_touch(ctx: Context):
    return _by_age(ctx, lambda touch, accom, activ: touch == "YES")


@indicator(
    key="care-leavers-suitable-accommodation",
    number="34b",
    title="Care leavers aged 19 to 21 in suitable accommodation",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=_definition("their accommodation was suitable (an ACCOM code ending in 1; not known counts as not)"),
    period=PERIOD,
    counted_label="Suitable accommodation",
    other_label="Not suitable or not known",
)
def care_leavers_accommodation(ctx: Context):
    return _by_age(ctx, lambda touch, accom, activ: accom.endswith("1"))


@indicator(
    key="care-leavers-eet",
    number="34c",
    title="Care leavers aged 19 to 21 in education, employment or training",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=_definition(
        "their main activity was education, employment or training (ACTIV F1, P1, F2, P2, F4, P4, F5 or P5)"
    ),
    period=PERIOD,
    counted_label="In education, employment or training",
    other_label="Not, or not known",
)
def care_leavers_eet(ctx: Context):
    return _by_age(ctx, lambda touch, accom, activ: activ in EET)
