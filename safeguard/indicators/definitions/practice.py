"""Workforce and practice: indicators 37 and 38."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safeguard.casework.models import CINEpisode
from safeguard.disabledchildren.models import DisabledChildrenService
from safeguard.oversight.models import ManagerDecision, SupervisionChild

from ..engine import Context, Direction, Result, Unit, in_period, median, percentage
from ..registry import indicator

SECTION = "Workforce and practice"
# How recent a management oversight record must be (indicator 37); an authority may set its own.
DEFAULT_OVERSIGHT_WEEKS = 6


def oversight_weeks() -> int:
    return int(getattr(settings, "INDICATOR_OVERSIGHT_WEEKS", DEFAULT_OVERSIGHT_WEEKS))


@indicator(
    key="management-oversight",
    number="37",
    title="Open cases with recent management oversight",
    unit=Unit.PERCENT,
    direction=Direction.HIGHER,
    section=SECTION,
    definition=f"""Children with a children in need episode open on the as-of date who had a manager's decision
        recorded, or were discussed in a recorded supervision, in the N weeks ending on the as-of date (both ends
        included; N is {DEFAULT_OVERSIGHT_WEEKS} unless the setting INDICATOR_OVERSIGHT_WEEKS says otherwise), as a
        percentage of children with an open episode.""",
    period="A snapshot on the as-of date, looking back N weeks.",
    counted_label="Oversight recorded",
    other_label="No recent oversight",
)
def management_oversight(ctx: Context):
    weeks = oversight_weeks()
    since = ctx.as_of - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    children = set(
        ctx.restrict(
            CINEpisode.objects.filter(
                Q(referral_date__lte=ctx.as_of) & (Q(close_date__isnull=True) | Q(close_date__gt=ctx.as_of))
            )
        ).values_list("child_id", flat=True)
    )
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(ctx.as_of + dt.timedelta(days=1), dt.time.min))
    decided = set(
        ManagerDecision.objects.filter(child__in=children, decided_at__gte=start, decided_at__lt=end).values_list(
            "child_id", flat=True
        )
    )
    supervised = set(
        SupervisionChild.objects.filter(
            child__in=children, supervision__held_on__gte=since, supervision__held_on__lte=ctx.as_of
        ).values_list("child_id", flat=True)
    )
    overseen = decided | supervised
    return percentage(((child, child in overseen) for child in children), details=[("Weeks looked back", str(weeks))])


@indicator(
    key="disabled-children-wait",
    number="38",
    title="Disabled children: median days from referral to first service",
    unit=Unit.DAYS,
    direction=Direction.LOWER,
    section=SECTION,
    definition="""The median number of calendar days from the referral (the episode's referral date, or the date
        of the request) to the start of the first service, for disabled children's services that started in the
        period. The numerator shown is the number of services that started. Also shown: the mean, and the
        children still waiting on the as-of date (referred on or before it, not started, declined or ended by it)
        with the longest wait; the "still waiting" list names them.""",
    period="Services started in the 12 months ending on the as-of date; a snapshot of those waiting.",
    counted_label="Started a service in the period",
    other_label="Still waiting on the as-of date",
)
def disabled_children_wait(ctx: Context):
    services = ctx.restrict(DisabledChildrenService.objects.all())
    started = list(
        services.filter(in_period(ctx.period, "first_service_start")).values_list(
            "child_id", "referral_date", "first_service_start"
        )
    )
    days = [(start - referral).days for _, referral, start in started]
    waiting = list(
        services.filter(referral_date__lte=ctx.as_of)
        .filter(Q(first_service_start__isnull=True) | Q(first_service_start__gt=ctx.as_of))
        .exclude(decision=DisabledChildrenService.Decision.DECLINED, decision_date__lte=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=ctx.as_of))
        .values_list("child_id", "referral_date")
    )
    middle = median(days)
    details = [
        ("Mean days", f"{sum(days) / len(days):.1f}" if days else "–"),
        ("Still waiting", str(len(waiting))),
        ("Longest current wait (days)", str(max(((ctx.as_of - r).days for _, r in waiting), default=0))),
    ]
    return Result(
        value=middle,
        numerator=len(started),
        counted_ids=frozenset(child for child, _, _ in started),
        other_ids=frozenset(child for child, _ in waiting),
        details=tuple(details),
        note="" if started else "No service started in the period.",
    )
