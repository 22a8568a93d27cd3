"""Placement distance and area, derived from the PostcodeLocation reference table.

A postcode is looked up in full first, then by its outward code (the part before the space), so the table may
hold districts only. When either end is unknown the derived value stays None: we never guess a distance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from .models import PostcodeLocation

METRES_PER_MILE = 1609.344


def normalise(postcode: str) -> str:
    """Upper case with one space before the inward code ("nb1  2ab" -> "NB1 2AB"); blank stays blank."""
    compact = "".join((postcode or "").split()).upper()
    if len(compact) > 4:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def outward(postcode: str) -> str:
    return normalise(postcode).split(" ")[0]


def partial(postcode: str) -> str:
    """SSDA903 partial postcode: the outward code and the first character of the inward code ("NB1 2")."""
    full = normalise(postcode)
    return full[:-2] if " " in full else full


def _keys(postcode: str) -> list[str]:
    full = normalise(postcode)
    return [key for key in dict.fromkeys([full, outward(full)]) if key]


@dataclass(frozen=True)
class Located:
    distance_miles: Decimal | None
    out_of_area: bool | None


class LocationIndex:
    """Postcode locations held in memory: one query for any number of look-ups (pages and bulk generation)."""

    def __init__(self, rows: Iterable[tuple[str, int, int, str]]) -> None:
        self._rows = {postcode: (easting, northing, la_code) for postcode, easting, northing, la_code in rows}

    @classmethod
    def for_postcodes(cls, postcodes: Iterable[str]) -> LocationIndex:
        keys = {key for postcode in postcodes for key in _keys(postcode)}
        rows = PostcodeLocation.objects.filter(postcode__in=keys).values_list(
            "postcode", "easting", "northing", "la_code"
        )
        return cls(rows)

    @classmethod
    def everything(cls) -> LocationIndex:
        return cls(PostcodeLocation.objects.values_list("postcode", "easting", "northing", "la_code"))

    def find(self, postcode: str) -> tuple[int, int, str] | None:
        for key in _keys(postcode):
            if key in self._rows:
                return self._rows[key]
        return None

    def locate(self, home_postcode: str, placement_postcode: str) -> Located:
        home, placed = self.find(home_postcode), self.find(placement_postcode)
        distance = None
        if home and placed:
            metres = math.hypot(home[0] - placed[0], home[1] - placed[1])
            distance = Decimal(str(round(metres / METRES_PER_MILE, 1)))
        out_of_area = None if placed is None else placed[2] != settings.SAFEGUARD_AUTHORITY["la_code"]
        return Located(distance, out_of_area)


def locate(home_postcode: str, placement_postcode: str) -> Located:
    """Distance (miles, straight line) from home to the placement, and whether it is outside the authority."""
    return LocationIndex.for_postcodes([home_postcode, placement_postcode]).locate(home_postcode, placement_postcode)
