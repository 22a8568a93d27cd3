from django import forms
from django.utils import timezone

from safeguard.codelists import (
    AdopterLegalStatus,
    AdopterSexes,
    PlacementProvider,
    PreviousPermanence,
    ReasonPlacedForAdoptionCeased,
    ReasonPlacementChange,
    placement_types_valid_on,
)

from .care import ADOPTION_PLACEMENTS
from .models import ADOPTER_STEPS, Adopter, AdoptionDisruption, AdoptionJourney, PermanenceOrder

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choose(choices, prompt: str):
    return [("", prompt), *choices]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decision_date = forms.DateField(
        label="Date of the decision that the child should be placed for adoption",
        help_text="The agency decision maker's decision",
        widget=DATE,
    )


class PlacementOrderForm(VersionForm):
    order_date = forms.DateField(label="Date of the placement order", widget=DATE)


class ConsentForm(VersionForm):
    consent_date = forms.DateField(label="Date the parents consented to placement for adoption", widget=DATE)


class EarlyPermanenceForm(VersionForm):
    kind = forms.ChoiceField(
        label="Kind of early permanence",
        choices=[c for c in AdoptionJourney.EarlyPermanence.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of early permanence"},
    )
    placed_date = forms.DateField(label="Date the child began living with the carers", widget=DATE)


class MatchForm(VersionForm):
    match_date = forms.DateField(label="Date of the match", widget=DATE)
    adopter = forms.ModelChoiceField(
        label="Prospective adopters",
        queryset=Adopter.objects.none(),
        empty_label="Choose the adopters",
        error_messages={"required": "Choose the adopters", "invalid_choice": "Choose approved adopters"},
    )

    def __init__(self, *args, adopters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if adopters is not None:
            self.fields["adopter"].queryset = adopters


class PlaceForm(VersionForm):
    placed_date = forms.DateField(label="Date the child moved in with the adopters", widget=DATE)


class AdoptionOrderForm(VersionForm):
    order_date = forms.DateField(label="Date of the adoption order", widget=DATE)
    consent_dispensed = forms.BooleanField(
        label="The court dispensed with the parents' consent", required=False, help_text="SSDA903 reason E12"
    )


class ReverseForm(VersionForm):
    reversed_date = forms.DateField(
        label="Date of the decision that the child should no longer be placed for adoption", widget=DATE
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=ReasonPlacedForAdoptionCeased.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason"},
    )


def _coded(prompt: str, choices):
    return [("", prompt), *((code, f"{code}: {label}") for code, label in choices)]


class DisruptionForm(VersionForm):
    """The child left the prospective adopters before the adoption order: where they live now and what the plan is."""

    disrupted_on = forms.DateField(label="Date the child left the prospective adopters", widget=DATE)
    reason = forms.ChoiceField(
        label="Why the placement ended",
        choices=_coded(
            "Choose a reason",
            [c for c in ReasonPlacementChange.choices if c[0] != ReasonPlacementChange.STATUS_ONLY],
        ),
        help_text="SSDA903 reason for placement change",
    )
    placement_type = forms.ChoiceField(label="Where the child lives now")
    provider = forms.ChoiceField(
        label="Who provides the placement",
        choices=_coded("Choose the provider", PlacementProvider.choices),
        required=False,
        help_text="Not for temporary or other placements (T0-T4, Z11-Z14)",
    )
    postcode = forms.CharField(label="Placement postcode", required=False, max_length=10)
    carer_name = forms.CharField(label="Carer or setting", required=False, max_length=200)

    outcome = forms.ChoiceField(
        label="The plan for the child",
        choices=AdoptionDisruption.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether adoption is still the plan"},
    )
    reversed_reason = forms.ChoiceField(
        label="If the child should no longer be placed for adoption: the reason",
        choices=[("", "Not applicable: adoption is still the plan"), *ReasonPlacedForAdoptionCeased.choices],
        required=False,
    )
    reversed_date = forms.DateField(
        label="Date of that decision",
        required=False,
        widget=DATE,
        help_text="Leave empty if it was decided the day the child left",
    )
    notes = forms.CharField(label="What happened", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        """Offers today's DfE placement types (not the adoption placements A3-A6)."""
        super().__init__(*args, **kwargs)
        current = [c for c in placement_types_valid_on(timezone.localdate()) if c[0] not in ADOPTION_PLACEMENTS]
        self.fields["placement_type"].choices = _coded("Choose the placement type", current)


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Date of the adoption review", widget=DATE)


class VisitForm(forms.Form):
    visit_date = forms.DateField(label="Visit date", widget=DATE)
    child_seen = forms.BooleanField(label="The child was seen", required=False, initial=True)


class PermanenceOrderForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of order",
        choices=[c for c in PermanenceOrder.Kind.choices if c[0] != PermanenceOrder.Kind.ADOPTION],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of order"},
    )
    order_date = forms.DateField(label="Date of the order", widget=DATE)
    carer = forms.ChoiceField(
        label="Granted to",
        choices=[c for c in PermanenceOrder.Carer.choices if c[0] != PermanenceOrder.Carer.ADOPTERS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the order was granted to"},
    )


class PreviousPermanenceForm(forms.Form):
    previous_permanence = forms.ChoiceField(
        label="Order the child had before coming into care",
        choices=PreviousPermanence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the earlier order"},
    )
    la_code = forms.CharField(
        label="Local authority that arranged it",
        required=False,
        max_length=9,
        help_text="Its three-digit DfE number, or WAL, SCO, NIR, NUK outside England (not for 'none')",
    )
    order_date = forms.DateField(label="Date of the order", required=False, widget=DATE, help_text="If known")


class AdopterForm(forms.Form):
    name = forms.CharField(label="Names of the prospective adopters", max_length=200)
    number_of_adopters = forms.TypedChoiceField(
        label="Number of adopters",
        choices=[(1, "One"), (2, "Two")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the number of adopters"},
    )
    sexes = forms.ChoiceField(label="Sex of the adopters", choices=_choose(AdopterSexes.choices, "Choose"))
    legal_status = forms.ChoiceField(
        label="Legal status of the adopters", choices=_choose(AdopterLegalStatus.choices, "Choose")
    )
    fostering_for_adoption = forms.BooleanField(
        label="Also approved as foster carers for fostering for adoption", required=False
    )
    enquiry_date = forms.DateField(label="Date of the enquiry", widget=DATE)


class AdopterStepForm(VersionForm):
    step = forms.ChoiceField(label="Stage reached", choices=_choose(ADOPTER_STEPS[1:], "Choose the stage"))
    on = forms.DateField(label="Date", widget=DATE)


class AdopterLeaveForm(VersionForm):
    left_on = forms.DateField(label="Date they left the adoption process", widget=DATE)
    reason = forms.ChoiceField(label="Reason", choices=_choose(Adopter.LeftReason.choices, "Choose the reason"))


class ScorecardForm(forms.Form):
    end = forms.DateField(label="Three years ending", required=False, widget=DATE)
