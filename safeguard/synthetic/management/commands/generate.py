"""`safeguard generate`: write a deterministic synthetic authority into an empty database."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from safeguard.synthetic.context import StageReport
from safeguard.synthetic.generator import GenerationRefused, check_can_generate, generate_authority
from safeguard.synthetic.postcodes import GazetteerError, GazetteerGeography


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2026-03-31, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Generate a synthetic authority (children, families, workforce, contacts, decisions, episodes, "
        "allocations, chronology) into an empty database. Same arguments and seed, same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--population", type=int, required=True, help="Children aged 0-17 in the authority")
        parser.add_argument("--years", type=int, required=True, help="Years of history, ending at --as-of")
        parser.add_argument("--seed", type=int, required=True, help="Random seed: same seed, same authority")
        parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD; default today")
        parser.add_argument(
            "--postcodes",
            default=None,
            metavar="FILE.csv",
            help="A postcode gazetteer (postcode,easting,northing,la_code) for homes and placements; rows with "
            "SAFEGUARD_LA_CODE are the authority's area. Default: invented NB postcodes",
        )

    def handle(self, *args, population, years, seed, as_of=None, postcodes=None, **options):
        as_of = _date(as_of) if as_of else dt.date.today()
        try:
            check_can_generate(population=population, years=years, as_of=as_of)
            geography = GazetteerGeography.from_csv(postcodes) if postcodes else None
            self.stdout.write(f"Generating {population:,} children, {years} years to {as_of:%d %b %Y}, seed {seed}")
            if geography is not None:
                self.stdout.write(
                    f"Postcodes from {postcodes}: {len(geography.in_area):,} in the authority's area, "
                    f"{len(geography.out_of_area):,} outside it"
                )
            summary = generate_authority(
                population=population,
                years=years,
                seed=seed,
                as_of=as_of,
                progress=self._progress,
                geography=geography,
            )
        except GazetteerError as error:
            raise CommandError(f"--postcodes: {error}") from None
        except GenerationRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.1f} s."))

    def _progress(self, report: StageReport) -> None:
        self.stdout.write(report.describe())
        self.stdout.flush()
