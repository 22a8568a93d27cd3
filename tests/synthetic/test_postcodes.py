"""Postcodes for the synthetic authority: the invented default, and a gazetteer given to `generate --postcodes`.

The gazetteers here are invented too (area "ZA", LA codes E99…): the repository holds no real postcode.
"""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.synthetic import names
from safeguard.synthetic.postcodes import (
    FictionalGeography,
    GazetteerError,
    GazetteerGeography,
    read_gazetteer,
)

HOME, ELSEWHERE = "E99000001", "E99000002"


def write_gazetteer(path, in_area: int = 60, out_of_area: int = 30) -> set[str]:
    """An invented gazetteer: `in_area` postcodes of the authority (HOME) and `out_of_area` of another (ELSEWHERE)."""
    rng = random.Random(5)
    lines, postcodes = ["postcode,easting,northing,la_code"], set()
    for n in range(in_area + out_of_area):
        home = n < in_area
        district = f"ZA{1 + n % 12}" if home else f"ZB{1 + n % 5}"
        postcode = f"{district} {1 + n % 9}{'ABDEFGHJLN'[n % 10]}{'PQRSTUWXYZ'[n // 10 % 10]}"
        centre = 430_000 if home else 470_000
        easting, northing = centre + rng.randint(-5000, 5000), 433_000 + rng.randint(-5000, 5000)
        lines.append(f"{postcode.lower().replace(' ', '  ')},{easting}.0,{northing},{HOME if home else ELSEWHERE}")
        postcodes.add(postcode)
    path.write_text("\n".join(lines) + "\n")
    return postcodes


def test_a_gazetteer_is_read_normalised_and_split_into_the_localities(tmp_path):
    postcodes = write_gazetteer(tmp_path / "g.csv")
    rows = read_gazetteer(tmp_path / "g.csv")
    assert {row[0] for row in rows} == postcodes  # upper case, one space
    assert all(isinstance(row[1], int) for row in rows)
    geography = GazetteerGeography.from_rows(rows, HOME)
    assert len(geography.localities) == len(names.LOCALITIES)
    assert sorted(p for locality in geography.localities for p in locality) == sorted(geography.in_area)
    assert len(geography.in_area) == 60 and len(geography.out_of_area) == 30
    rng = random.Random(1)
    assert geography.home(2, rng) in geography.localities[2]
    assert {geography.placement(rng, out_of_area_share=1.0) for _ in range(20)} <= set(geography.out_of_area)
    assert {geography.placement(rng, out_of_area_share=1.0, own_area=True) for _ in range(20)} <= set(geography.in_area)


def test_the_invented_geography_keeps_own_area_placements_in_nb():
    rng = random.Random(3)
    fictional = FictionalGeography()
    assert all(fictional.placement(rng, out_of_area_share=1.0, own_area=True).startswith("NB") for _ in range(30))
    assert all(fictional.placement(rng, out_of_area_share=1.0).startswith("Q") for _ in range(30))
    assert fictional.home(0, rng).startswith("NB")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("postcode,easting,la_code\nZA1 1AA,1,E1\n", "missing column(s) northing"),
        ("postcode,easting,northing,la_code\nZA1 1AA,east,1,E1\n", "line 2: easting and northing must be numbers"),
        ("postcode,easting,northing,la_code\nZA1,1,1,E1\n", "line 2: a full postcode and an LA code are needed"),
        ("postcode,easting,northing,la_code\n", "no postcodes"),
    ],
)
def test_a_bad_gazetteer_is_refused_in_one_line(tmp_path, content, message):
    (tmp_path / "g.csv").write_text(content)
    with pytest.raises(GazetteerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_gazetteer(tmp_path / "g.csv")


def test_a_gazetteer_without_the_authoritys_code_names_the_codes_it_has(tmp_path):
    write_gazetteer(tmp_path / "g.csv")
    with pytest.raises(GazetteerError, match=f"set SAFEGUARD_LA_CODE to one of its codes, e.g. {HOME}"):
        GazetteerGeography.from_csv(tmp_path / "g.csv", "999")


@pytest.mark.django_db
def test_generate_refuses_an_unreadable_gazetteer_before_writing_anything(tmp_path):
    with pytest.raises(CommandError, match="--postcodes: cannot read the gazetteer"):
        call_command("generate", "--population", "100", "--years", "1", "--seed", "1", "--as-of",
                     dt.date(2026, 4, 1).isoformat(), "--postcodes", str(tmp_path / "missing.csv"))  # fmt: skip
