"""Collection years: the DfE's returns count 1 April to 31 March, named "2025-26"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CollectionYear:
    first_year: int  # the year the collection year starts in: 2025 for 2025-26

    @classmethod
    def parse(cls, text: str) -> CollectionYear:
        """'2025-26' (or '2025/26', '2025-2026') → CollectionYear(2025); ValueError with the reason otherwise."""
        match = re.fullmatch(r"(\d{4})[-/](\d{2}|\d{4})", text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a collection year: write it as 2025-26")
        first, second = int(match[1]), int(match[2])
        if second % 100 != (first + 1) % 100 or (second > 99 and second != first + 1):
            raise ValueError(f"'{text}' is not a collection year: the second year must follow the first (2025-26)")
        return cls(first)

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """The reference date: 31 March at the end of the year."""
        return dt.date(self.first_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first_year}-{(self.first_year + 1) % 100:02d}"

    @property
    def dfe_year(self) -> int:
        """The year the DfE names the collection by (the census of 31 March 2026 is "2026")."""
        return self.first_year + 1

    def __str__(self) -> str:
        return self.label
