"""Sections other domains add to a person's page (assessments, plans, notes...).

An app registers `Panel(template=..., context=fn)` in its own `panels.py` (imported from its AppConfig.ready);
the person page renders each panel whose context function returns something for this person. Context
functions receive the person (already loaded through the visibility selector) and the viewing user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (person, user) -> dict | None; None hides the panel
    order: int = 100


_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    _panels.append(panel)
    return panel


def panels_for(person, user) -> list[tuple[str, dict]]:
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        context = panel.context(person, user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
