"""Reads for pre-proceedings and deprivation of liberty orders (of a child already loaded through the
visibility selector)."""

from __future__ import annotations

from safeguard.people.models import Person

from .models import DeprivationOfLibertyOrder, PreProceedings


def pre_proceedings_for(person: Person):
    return PreProceedings.objects.filter(child=person).select_related("recorded_by").order_by("-decision_date", "-pk")


def open_pre_proceedings(person: Person) -> PreProceedings | None:
    return PreProceedings.objects.filter(child=person, step_decision_date__isnull=True).first()


def orders_for(person: Person):
    return DeprivationOfLibertyOrder.objects.filter(child=person).order_by("-start_date", "-pk")


def current_order(person: Person) -> DeprivationOfLibertyOrder | None:
    return DeprivationOfLibertyOrder.objects.filter(child=person, end_date__isnull=True).first()
