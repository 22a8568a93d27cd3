"""Bringing history in from another system: a CIN census XML file or a folder of SSDA903 CSV tables.

`import_return(key, path, imported_by=user, team=team)` reads the file (or folder), and either writes
everything in one transaction or nothing at all; the `ImportReport` it returns names every problem.
`safeguard returns import cin-census FILE.xml --user NAME` and `safeguard returns import ssda903 DIR --user NAME`
are the command line for it. See docs/returns/import.md.
"""

from __future__ import annotations

from pathlib import Path

from .report import ImportReport

# key → (whether the path is a file or a directory, what it must be, for messages)
IMPORT_KINDS = {
    "cin-census": ("file", "a CIN census XML file"),
    "ssda903": ("directory", "a folder of SSDA903 CSV tables"),
}


def import_return(key: str, path: Path, *, imported_by, team=None, year=None) -> ImportReport:
    """`year` (a `CollectionYear`, SSDA903 only) overrides the year read from the folder's dates."""
    if key == "cin-census":
        from .cin_census import cin_census_import

        return cin_census_import(content=path.read_bytes(), source_name=path.name, imported_by=imported_by, team=team)
    if key == "ssda903":
        from .ssda903 import ssda903_import

        return ssda903_import(folder=path, imported_by=imported_by, team=team, year=year)
    raise KeyError(f"There is no import called '{key}': choose from {', '.join(IMPORT_KINDS)}")
