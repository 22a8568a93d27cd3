"""Reads for the analyst pages: which builds a user may see, and a build's findings with the children named.

Builds themselves hold no child's record, so seeing the list needs only the role's permission; the files and
the findings are about children, so they pass through the access selectors (see views.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from safeguard.access.selectors import visible_people
from safeguard.accounts.models import Role
from safeguard.people.models import Person

from .models import ReturnBuild, ReturnBuildPerson, ReturnFinding
from .registry import ReturnKind, return_kinds

RECENT_BUILDS = 5


def builds_for(user) -> QuerySet[ReturnBuild]:
    """The builds a user may open: every build, or for an inspector (read-only) the finished ones."""
    builds = ReturnBuild.objects.select_related("requested_by")
    if user.role == Role.INSPECTOR:
        builds = builds.filter(status=ReturnBuild.Status.DONE)
    return builds


@dataclass
class KindSummary:
    kind: ReturnKind
    recent: list[ReturnBuild]


def kinds_with_recent_builds(user) -> list[KindSummary]:
    """Every registered return, with its latest few builds (one query per kind: there are a handful of kinds)."""
    builds = builds_for(user)
    return [KindSummary(kind, list(builds.filter(kind=kind.key)[:RECENT_BUILDS])) for kind in return_kinds()]


def people_hidden_from(user, build: ReturnBuild) -> int:
    """How many people in the build's files the user may not see (restricted records; everyone for an admin)."""
    in_build = ReturnBuildPerson.objects.filter(build=build)
    visible = in_build.filter(person__in=visible_people(user))
    return in_build.count() - visible.count()


def people_in(user, build: ReturnBuild) -> QuerySet[Person]:
    """The build's people the user may see (for the export record)."""
    return visible_people(user).filter(pk__in=ReturnBuildPerson.objects.filter(build=build).values("person_id"))


def finding_counts(build: ReturnBuild) -> dict[str, int]:
    counts = Counter(build.findings.values_list("severity", flat=True))
    return {severity: counts.get(severity, 0) for severity in ReturnFinding.Severity.values}


def findings(build: ReturnBuild, *, severity: str | None = None) -> QuerySet[ReturnFinding]:
    rows = build.findings.all()
    if severity in ReturnFinding.Severity.values:
        rows = rows.filter(severity=severity)
    return rows


@dataclass
class FindingRow:
    finding: ReturnFinding
    child: Person | None  # the child, if the viewer may see them
    hidden: bool  # about a child the viewer may not see: shown without a name or link


def finding_rows(user, page_of_findings: list[ReturnFinding]) -> list[FindingRow]:
    """One page of findings with each child the viewer may see; the others are not named."""
    child_ids = {f.child_id for f in page_of_findings if f.child_id is not None}
    visible = {p.pk: p for p in visible_people(user).filter(pk__in=child_ids).only(
        "pk", "first_name", "last_name", "la_person_id"
    )}  # fmt: skip
    return [
        FindingRow(
            finding=f,
            child=visible.get(f.child_id),
            hidden=f.child_id is not None and f.child_id not in visible,
        )
        for f in page_of_findings
    ]
