"""Re-derive every young person's leaving-care status. `safeguard nightly` runs this with the other nightly jobs;
this command stays for running it alone (after a bulk import, say)."""

from django.core.management.base import BaseCommand, CommandError

from safeguard.careleavers.services import care_leavers_refresh_all


class Command(BaseCommand):
    help = "Re-derive the leaving-care status of every young person aged 16 to 25 with a care history"

    def handle(self, *args, **options):
        summary = care_leavers_refresh_all()
        self.stdout.write(f"{summary.checked} young people checked; {summary.changed} changed status")
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} could not be refreshed (person ids {summary.failed[:10]})")
