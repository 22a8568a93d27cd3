"""SSDA903 LS_ADOPTR: L11 is the opposite-sex married couple, L12 the same-sex one (reference validator rule 520)."""

import importlib

import pytest
from django.apps import apps

from safeguard.adoption.models import Adopter
from safeguard.codelists import AdopterLegalStatus
from tests.adoption.factories import AdopterFactory, JourneyFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("safeguard.adoption.migrations.0005_adopter_legal_status_codes")


def test_the_codes_mean_what_the_dfe_says():
    assert AdopterLegalStatus.MARRIED_OPPOSITE_SEX == "L11"
    assert AdopterLegalStatus.MARRIED_SAME_SEX == "L12"


def test_the_migration_swaps_codes_recorded_the_old_way_and_leaves_the_rest():
    opposite = AdopterFactory(legal_status="L12")  # recorded under the old, swapped labels
    same = AdopterFactory(legal_status="L11")
    single = AdopterFactory(legal_status="L0", sexes="F1")
    journey = JourneyFactory(adopter_legal_status="L12")
    migration.swap_codes(apps, None)
    assert Adopter.objects.get(pk=opposite.pk).legal_status == "L11"
    assert Adopter.objects.get(pk=same.pk).legal_status == "L12"
    assert Adopter.objects.get(pk=single.pk).legal_status == "L0"
    journey.refresh_from_db()
    assert journey.adopter_legal_status == "L11"
    migration.swap_codes(apps, None)  # its own inverse
    assert Adopter.objects.get(pk=opposite.pk).legal_status == "L12"
