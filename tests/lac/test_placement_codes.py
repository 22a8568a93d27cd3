"""Placement types by DfE year (H5/P2/Z1 replaced by K3 and Z11-Z14), Ofsted URN and provider by placement type,
P1 under section 20, and previous permanence recorded when care starts (reference validator rules 146, 218, 222,
213, 378, 630, 633, 635)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safeguard.adoption.models import PreviousPermanenceRecord
from safeguard.codelists import (
    PLACEMENT_TYPES_WITHOUT_PROVIDER,
    PLACEMENT_TYPES_WITHOUT_URN,
    placement_type_in_year,
    placement_type_valid_on,
    placement_types_valid_on,
)
from safeguard.lac import services
from safeguard.lac.forms import PlacementEditForm, StartCareForm
from safeguard.lac.models import CarePeriod, Placement
from tests.factories import PersonFactory

from .helpers import change_status, move, start_care

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _today(today):
    today(D(2026, 11, 20))


@pytest.fixture
def child(db):
    return PersonFactory(date_of_birth=D(2010, 4, 10))


# --- Code lists by year ------------------------------------------------------------------------------------


def test_codes_valid_by_year():
    assert placement_type_valid_on("H5", D(2024, 3, 31)) and not placement_type_valid_on("H5", D(2024, 4, 1))
    assert placement_type_valid_on("K3", D(2024, 4, 1)) and not placement_type_valid_on("K3", D(2024, 3, 31))
    assert placement_type_valid_on("P2", D(2023, 10, 27)) and not placement_type_valid_on("P2", D(2023, 10, 28))
    assert placement_type_valid_on("Z1", D(2025, 3, 31)) and not placement_type_valid_on("Z1", D(2025, 4, 1))
    assert all(placement_type_valid_on(z, D(2025, 4, 1)) for z in ("Z11", "Z12", "Z13", "Z14"))
    assert not placement_type_valid_on("Z11", D(2025, 3, 31))
    assert not placement_type_valid_on("XX", D(2025, 4, 1))


def test_the_2025_26_list_is_the_reference_validators():
    # csc-validator-be-903 0.1.17, lac2025_26 rule 146.
    rule_146 = {"A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2",
                "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14"}  # fmt: skip
    assert {code for code, _ in placement_types_valid_on(D(2026, 3, 31))} == rule_146
    assert {"P1", "P3", "R1", "R2", "R5", "T0", "T4", "Z11", "Z14"} <= PLACEMENT_TYPES_WITHOUT_URN  # rules 218, 222
    assert not {"A5", "K2", "K3", "R3", "S1", "U6"} & PLACEMENT_TYPES_WITHOUT_URN
    assert {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"} == PLACEMENT_TYPES_WITHOUT_PROVIDER


def test_a_placement_is_reported_under_the_code_of_the_year():
    end_2025_26, end_2024_25, end_2023_24 = D(2026, 3, 31), D(2025, 3, 31), D(2024, 3, 31)
    assert placement_type_in_year("H5", end_2025_26) == "K3"  # rule 503D: an open H5 continues as K3
    assert placement_type_in_year("H5", end_2024_25) == "K3"  # K3 from April 2024 (the 2024/25 list has both)
    assert placement_type_in_year("H5", end_2023_24) == "H5"
    assert placement_type_in_year("K3", end_2023_24) == "H5"  # recoded since: last year's table keeps the old code
    assert placement_type_in_year("Z12", end_2024_25) == "Z1"
    assert placement_type_in_year("Z12", end_2025_26) == "Z12"
    # No single successor: reported as recorded, so the validator flags it and the record is corrected.
    assert placement_type_in_year("Z1", end_2025_26) == "Z1"
    assert placement_type_in_year("P2", end_2025_26) == "P2"
    assert placement_type_in_year("U6", end_2025_26) == "U6"


# --- Services ------------------------------------------------------------------------------------------------


def test_a_new_placement_takes_a_code_valid_on_its_start_date(child, social_worker):
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), placement_type="H5", provider="PR4", urn="SC123456")
    assert "only" not in str(error.value) and "after 31 March 2024" in error.value.message_dict["placement_type"][0]
    assert not CarePeriod.objects.exists()
    with pytest.raises(ValidationError, match="only from 01 April 2024"):
        start_care(child, social_worker, D(2023, 11, 2), placement_type="K3", provider="PR4", urn="SC123456")
    period = start_care(child, social_worker, D(2026, 11, 2), placement_type="K3", provider="PR4", urn="SC123456")
    assert period.placements.get().placement_type == "K3"


def test_a_placement_recorded_under_a_replaced_code_keeps_it_when_corrected(child, social_worker):
    period = start_care(child, social_worker, D(2024, 2, 1), placement_type="H5", provider="PR4", urn="SC123456")
    placement = period.placements.get()
    updated = services.placement_update(
        placement_id=placement.pk, expected_version=placement.version, placement_type="H5", provider="PR5",
        urn="SC123456", updated_by=social_worker,
    )  # fmt: skip
    assert (updated.placement_type, updated.provider) == ("H5", "PR5")
    # ...and can be recoded to the code that replaced it while it is still running.
    recoded = services.placement_update(
        placement_id=placement.pk, expected_version=updated.version, placement_type="K3", provider="PR5",
        urn="SC123456", updated_by=social_worker,
    )  # fmt: skip
    assert recoded.placement_type == "K3"


def test_other_and_temporary_placements_have_no_provider_or_urn(child, social_worker):
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), placement_type="Z12", provider="PR4")
    assert set(error.value.message_dict) == {"provider"}
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), placement_type="Z12", provider="", urn="SC123456")
    assert set(error.value.message_dict) == {"urn"}
    period = start_care(child, social_worker, D(2026, 11, 2), placement_type="Z12", provider="")
    assert (period.placements.get().placement_type, period.placements.get().provider) == ("Z12", "")
    moved = move(period, social_worker, D(2026, 11, 10), placement_type="T1", provider="", urn="")
    assert (moved.placement_type, moved.provider, moved.urn) == ("T1", "", "")


@pytest.mark.parametrize("placement_type", ["P1", "R1", "R2", "R5", "T4", "Z11"])
def test_no_urn_for_placements_ofsted_does_not_register(child, social_worker, placement_type):
    provider = "" if placement_type in PLACEMENT_TYPES_WITHOUT_PROVIDER else "PR0" if placement_type == "P1" else "PR3"
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), placement_type=placement_type, provider=provider,
                   urn="SC123456")  # fmt: skip
    assert set(error.value.message_dict) == {"urn"}
    assert not Placement.objects.exists()


def test_placed_with_parents_is_not_accommodation_under_section_20(child, social_worker):
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), legal_status="V2", placement_type="P1", provider="PR0")
    assert set(error.value.message_dict) == {"placement_type"}
    period = start_care(child, social_worker, D(2026, 10, 1), legal_status="V2")
    with pytest.raises(ValidationError) as error:
        move(period, social_worker, D(2026, 10, 10), placement_type="P1", provider="PR0", urn="")
    assert set(error.value.message_dict) == {"placement_type"}
    change_status(period, social_worker, D(2026, 10, 12), "C1")
    period.refresh_from_db()
    move(period, social_worker, D(2026, 10, 14), placement_type="P1", provider="PR0", urn="")
    period.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        change_status(period, social_worker, D(2026, 10, 20), "V2")
    assert set(error.value.message_dict) == {"legal_status"}


# --- Previous permanence when care starts -----------------------------------------------------------------


def test_starting_care_records_previous_permanence(child, social_worker):
    period = start_care(child, social_worker, D(2026, 11, 2), previous_permanence="P2", previous_permanence_la="330",
                        previous_permanence_date=D(2019, 5, 1))  # fmt: skip
    record = PreviousPermanenceRecord.objects.get(period=period)
    assert (record.previous_permanence, record.la_code, record.order_date) == ("P2", "330", D(2019, 5, 1))
    assert record.recorded_by == social_worker
    none = start_care(PersonFactory(date_of_birth=D(2015, 1, 1)), social_worker, D(2026, 11, 2),
                      previous_permanence="Z1")  # fmt: skip
    assert PreviousPermanenceRecord.objects.get(period=none).la_code == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"previous_permanence": "P9"}, "previous_permanence"),
        ({"previous_permanence": "Z1", "previous_permanence_la": "330"}, "previous_permanence"),  # rule 635
        ({"previous_permanence": "P1", "previous_permanence_la": "997"}, "la_code"),  # rule 633
        ({"previous_permanence": "P1", "previous_permanence_date": D(2026, 11, 3)}, "order_date"),
    ],
)
def test_invalid_previous_permanence_writes_nothing(child, social_worker, overrides, field):
    with pytest.raises(ValidationError) as error:
        start_care(child, social_worker, D(2026, 11, 2), **overrides)
    assert field in error.value.message_dict
    assert not CarePeriod.objects.exists() and not PreviousPermanenceRecord.objects.exists()


# --- Forms -------------------------------------------------------------------------------------------------


def test_forms_offer_todays_codes_and_keep_a_placements_own():
    offered = {code for code, _ in StartCareForm().fields["placement_type"].choices if code}
    assert {"K3", "Z11", "Z14", "U6"} <= offered and not {"H5", "P2", "Z1"} & offered
    assert "previous_permanence" in StartCareForm().fields
    edit = {code for code, _ in PlacementEditForm(current="H5").fields["placement_type"].choices if code}
    assert "H5" in edit and "P2" not in edit
