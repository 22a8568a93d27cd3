"""Re-derive every young person's leaving-care status (run daily: birthdays move people between categories)."""

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from safeguard.careleavers.services import care_leaver_refresh
from safeguard.people.models import Person


class Command(BaseCommand):
    help = "Re-derive the leaving-care status of every young person aged 16 to 25 with a care history"

    def handle(self, *args, **options):
        today = timezone.localdate()
        in_age = Q(
            date_of_birth__lte=today - relativedelta(years=16), date_of_birth__gt=today - relativedelta(years=26)
        )
        people = Person.objects.filter(in_age & Q(care_periods__isnull=False) | Q(care_leaver__isnull=False)).distinct()
        changed = 0
        for person in people.iterator(chunk_size=500):
            before = getattr(getattr(person, "care_leaver", None), "category", None)
            after = care_leaver_refresh(child=person)
            changed += after is not None and after.category != before
        self.stdout.write(f"{people.count()} young people checked; {changed} changed status")
