"""`safeguard calendar ...`: working-day arithmetic from the command line, with the database's overrides.

safeguard calendar add-working-days 2026-12-24 1            -> 2026-12-29
safeguard calendar working-days-between 2026-12-24 2027-01-04 -> 4
safeguard calendar is-working-day 2026-12-28                -> no: Boxing Day (observed)
safeguard calendar holidays --year 2026                     -> one line per non-working weekday
"""

import argparse
import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from safeguard.workdays import calendar as workdays

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: str) -> dt.date:
    """An argparse type: a calendar date written YYYY-MM-DD (nothing looser, so typos are caught)."""
    if not _ISO_DATE.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a real date") from None


class Command(BaseCommand):
    help = "Working-day arithmetic on the England and Wales calendar plus this authority's overrides."
    # A read-only calculator: it needs the database, not the URL and template checks.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        add = actions.add_parser(
            "add-working-days", help="The date N working days after DATE (DATE is day 0; N may be negative)."
        )
        add.add_argument("date", type=iso_date, help="YYYY-MM-DD")
        add.add_argument("days", type=int, help="number of working days (negative counts backwards)")

        between = actions.add_parser("working-days-between", help="Working days after START up to and including END.")
        between.add_argument("start", type=iso_date, help="YYYY-MM-DD")
        between.add_argument("end", type=iso_date, help="YYYY-MM-DD")

        check = actions.add_parser("is-working-day", help="Whether DATE is a working day, and why not.")
        check.add_argument("date", type=iso_date, help="YYYY-MM-DD")

        listing = actions.add_parser(
            "holidays", help="Non-working weekdays of a year: bank holidays and local overrides."
        )
        listing.add_argument("--year", type=int, default=None, help="YYYY (default: this year)")

    def handle(self, *args, **options) -> None:
        try:
            cal = workdays.get_calendar()
        except DatabaseError as exc:
            raise CommandError(f"Cannot read the calendar overrides ({exc}): has `safeguard migrate` run?") from None
        try:
            match options["action"]:
                case "add-working-days":
                    self.stdout.write(cal.add_working_days(options["date"], options["days"]).isoformat())
                case "working-days-between":
                    self.stdout.write(str(cal.working_days_between(options["start"], options["end"])))
                case "is-working-day":
                    self.stdout.write(self._describe_day(cal, options["date"]))
                case "holidays":
                    year = options["year"] or timezone.localdate().year
                    self._list_holidays(cal, year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    @staticmethod
    def _describe_day(cal: workdays.WorkingDayCalendar, day: dt.date) -> str:
        _check_year(day.year)
        if cal.is_working_day(day):
            return "yes"
        return f"no: {cal.holiday_name(day) or format(day, '%A')}"

    def _list_holidays(self, cal: workdays.WorkingDayCalendar, year: int) -> None:
        _check_year(year)
        for day in sorted(d for d in cal.closed_days if d.year == year and d.weekday() < 5):
            note = " (local override)" if day in cal.extra_closed else ""
            self.stdout.write(f"{day.isoformat()}  {day:%a}  {cal.closed_days[day]}{note}")
        # A listed holiday the authority works is an override too: show it, marked as a working day.
        for day in sorted(d for d in cal.forced_open if d.year == year and d.weekday() < 5):
            self.stdout.write(f"{day.isoformat()}  {day:%a}  working day (local override of a listed holiday)")


def _check_year(year: int) -> None:
    if not workdays.FIRST_YEAR <= year <= workdays.LAST_YEAR:
        raise ValueError(f"{year} is outside the supported calendar ({workdays.FIRST_YEAR}–{workdays.LAST_YEAR})")
