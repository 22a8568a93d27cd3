"""Where the synthetic authority's homes and placements are: invented postcodes, or a postcode gazetteer.

Every generated address and placement takes its postcode from the run's geography (`ctx.geography`):

- `FictionalGeography` (the default, and the demo's): postcodes in the area "NB", which is not a UK postcode
  area, for the authority's six localities (NB1–NB21, three districts each, plus three more for placements), and
  the invented districts QA1–QD7 for other authorities (LA codes 800–803). Grid references are drawn around an
  invented centre, so Safeguard's own distance and "out of area" work; a validator that looks postcodes up in the
  ONS directory finds none of them.
- `GazetteerGeography`: the postcodes of a gazetteer file given to `safeguard generate --postcodes FILE.csv`
  (columns `postcode,easting,northing,la_code`: OS grid metres and the local authority code). Rows whose
  `la_code` is the authority's (`SAFEGUARD_LA_CODE`) are its own area: homes and in-area placements; the others
  are placements out of area. Postcodes are areas of about fifteen addresses, not people: the house numbers and
  streets stay invented, so no generated person lives at a real address (docs/decisions/0006). The repository
  holds no gazetteer: `scripts/reference/postcode_gazetteer.py` extracts one at check time from the postcode
  list the DfE reference validator ships.

Both write their locations as `lac.PostcodeLocation` rows (districts for the fictional one, full postcodes for a
gazetteer), so the lac services' `LocationIndex` derives distance and area exactly as for a real authority.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from safeguard.lac.locations import LocationIndex, normalise, outward
from safeguard.lac.models import PostcodeLocation

from . import names
from .writer import Table

_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
IN_AREA_DISTRICTS = 3 * len(names.LOCALITIES) + 3  # NB1 … as names.postcode makes them, and three more
OUT_OF_AREA = [(f"Q{letter}{n}", f"8{i:02d}") for i, letter in enumerate("ABCD") for n in range(1, 8)]
CENTRE = (430_000, 433_000)  # the fictional city's grid reference (metres)
GAZETTEER_COLUMNS = ("postcode", "easting", "northing", "la_code")
Row = tuple[str, int, int, str]


class GazetteerError(ValueError):
    """The gazetteer file cannot be used; the message says why in one line."""


def _authority_code() -> str:
    from django.conf import settings

    return settings.SAFEGUARD_AUTHORITY["la_code"]


def _write(rows: list[Row]) -> list[Row]:
    """Insert the rows not already in PostcodeLocation; returns those written."""
    existing = set(PostcodeLocation.objects.values_list("postcode", flat=True))
    fresh = [row for row in rows if row[0] not in existing]
    Table(PostcodeLocation, ["postcode", "easting", "northing", "la_code"]).insert(fresh)
    return fresh


class FictionalGeography:
    """Invented postcodes: NB districts in the authority, QA–QD districts elsewhere (see the module docstring)."""

    gazetteer = False

    def home(self, locality: int, rng: random.Random) -> str:
        return names.postcode(locality, rng)

    def write_locations(self, rng: random.Random) -> tuple[list[Row], LocationIndex]:
        """Outward codes on a grid: the city's NB districts within ≈ 6 miles, other authorities 10–90 miles away."""
        la_code = _authority_code()
        rows = []
        for district in range(1, IN_AREA_DISTRICTS + 1):
            angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(500, 9_000)
            rows.append((f"NB{district}", round(CENTRE[0] + radius * math.cos(angle)),
                         round(CENTRE[1] + radius * math.sin(angle)), la_code))  # fmt: skip
        for district, code in OUT_OF_AREA:
            angle, miles = rng.uniform(0, 2 * math.pi), rng.triangular(10, 90, 25)
            metres = miles * 1609.344
            rows.append((district, round(CENTRE[0] + metres * math.cos(angle)),
                         round(CENTRE[1] + metres * math.sin(angle)), code))  # fmt: skip
        return _write(rows), LocationIndex(rows)

    def placement(self, rng: random.Random, *, out_of_area_share: float, own_area: bool = False) -> str:
        """A placement postcode: out of area with the given share, unless it must be in the authority's area."""
        letters = rng.choice(_LETTERS) + rng.choice(_LETTERS)
        if rng.random() < out_of_area_share and not own_area:
            district = rng.choice([d for d, _ in OUT_OF_AREA])
        else:
            district = f"NB{rng.randint(1, IN_AREA_DISTRICTS)}"
        return f"{district} {rng.randint(1, 9)}{letters}"


@dataclass
class GazetteerGeography:
    """Postcodes from a gazetteer: the authority's own split into its localities, and the rest out of area."""

    rows: list[Row]
    localities: list[list[str]]
    out_of_area: list[str]
    in_area: list[str]
    gazetteer = True

    @classmethod
    def from_rows(cls, rows: Iterable[Row], la_code: str) -> GazetteerGeography:
        unique = {normalise(postcode): (normalise(postcode), e, n, code) for postcode, e, n, code in rows}
        ordered = sorted(unique.values(), key=lambda row: _postcode_order(row[0]))
        in_area = [row[0] for row in ordered if row[3] == la_code]
        if len(in_area) < len(names.LOCALITIES):
            codes = sorted({row[3] for row in ordered})
            raise GazetteerError(
                f"the gazetteer has {len(in_area)} postcodes with the authority's LA code {la_code!r} (at least "
                f"{len(names.LOCALITIES)} needed): set SAFEGUARD_LA_CODE to one of its codes, e.g. "
                + ", ".join(codes[:3])
            )
        # Postcode districts are places: neighbouring postcodes (in postcode order) make up each locality.
        size = len(in_area) / len(names.LOCALITIES)
        localities = [in_area[round(i * size) : round((i + 1) * size)] for i in range(len(names.LOCALITIES))]
        out_of_area = [row[0] for row in ordered if row[3] != la_code]
        return cls(rows=ordered, localities=localities, out_of_area=out_of_area, in_area=in_area)

    @classmethod
    def from_csv(cls, path: str | Path, la_code: str | None = None) -> GazetteerGeography:
        return cls.from_rows(read_gazetteer(path), la_code if la_code is not None else _authority_code())

    def home(self, locality: int, rng: random.Random) -> str:
        return rng.choice(self.localities[locality % len(self.localities)])

    def write_locations(self, rng: random.Random) -> tuple[list[Row], LocationIndex]:
        return _write(self.rows), LocationIndex(self.rows)

    def placement(self, rng: random.Random, *, out_of_area_share: float, own_area: bool = False) -> str:
        if self.out_of_area and rng.random() < out_of_area_share and not own_area:
            return rng.choice(self.out_of_area)
        return rng.choice(self.in_area)


def _postcode_order(postcode: str) -> tuple:
    """Area letters, district number, then the rest ("LS2 7AB" before "LS10 1AA")."""
    district = outward(postcode)
    area = district[: len(district) - len(district.lstrip(string.ascii_uppercase))]
    number = "".join(itertools.takewhile(str.isdigit, district[len(area) :]))
    return (area, int(number or 0), postcode)


def read_gazetteer(path: str | Path) -> list[Row]:
    """Rows of a gazetteer CSV (header `postcode,easting,northing,la_code`), with one-line errors."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in GAZETTEER_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise GazetteerError(
                    f"{path}: missing column(s) {', '.join(missing)} (need {','.join(GAZETTEER_COLUMNS)})"
                )
            rows = []
            for line, record in enumerate(reader, start=2):
                postcode, code = normalise(record["postcode"]), (record["la_code"] or "").strip()
                if not postcode or " " not in postcode or not code:
                    raise GazetteerError(f"{path} line {line}: a full postcode and an LA code are needed")
                if len(postcode) > 8 or len(code) > 9:
                    raise GazetteerError(f"{path} line {line}: postcode or LA code too long")
                try:
                    easting, northing = round(float(record["easting"])), round(float(record["northing"]))
                except (TypeError, ValueError):
                    raise GazetteerError(f"{path} line {line}: easting and northing must be numbers") from None
                if easting < 0 or northing < 0:
                    raise GazetteerError(f"{path} line {line}: easting and northing must be OS grid metres")
                rows.append((postcode, easting, northing, code))
    except OSError as error:
        raise GazetteerError(f"cannot read the gazetteer {path}: {error.strerror or error}") from None
    if not rows:
        raise GazetteerError(f"{path}: no postcodes")
    return rows
