from django import forms
from django.utils import timezone

from safeguard.codelists import (
    CategoryOfNeed,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonPlacementChange,
    placement_types_valid_on,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(prompt: str, choices) -> list[tuple[str, str]]:
    return [("", prompt), *((code, f"{code}: {label}") for code, label in choices)]


# X1 ("a new episode begins the same day") is derived from moves and status changes, never chosen.
END_REASONS = _choices(
    "Choose a reason", [(c, label) for c, label in ReasonEpisodeCeased.choices if c != ReasonEpisodeCeased.NEW_EPISODE]
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementDetailsForm(forms.Form):
    placement_type = forms.ChoiceField(label="Placement type")
    provider = forms.ChoiceField(
        label="Who provides the placement",
        choices=_choices("Choose the provider", PlacementProvider.choices),
        required=False,
        help_text="Not for temporary or other placements (T0-T4, Z11-Z14)",
    )
    postcode = forms.CharField(
        label="Placement postcode", required=False, max_length=10, help_text="Used for distance from home and area"
    )
    urn = forms.CharField(
        label="Ofsted URN",
        required=False,
        max_length=8,
        help_text="The setting's or agency's, for example SC123456: needed for foster, adoption, children's home, "
        "supported accommodation, family centre and school placements; none for P1, P3, R1, R2, R5, T0-T4, Z11-Z14",
    )
    carer_name = forms.CharField(label="Carer or setting", required=False, max_length=200)
    intended_until_18 = forms.BooleanField(
        label="The placement is intended to last until the child is 18", required=False
    )

    def __init__(self, *args, current: str = "", **kwargs) -> None:
        """Offers the placement types the DfE list has today (codelists.PLACEMENT_TYPE_VALIDITY), and the
        placement's own code when correcting one recorded under a code since replaced."""
        super().__init__(*args, **kwargs)
        offered = placement_types_valid_on(timezone.localdate())
        if current and current not in dict(offered):
            offered.append((current, dict(PlacementType.choices).get(current, current)))
        self.fields["placement_type"].choices = _choices("Choose the placement type", offered)


class StartCareForm(PlacementDetailsForm):
    field_order = ["start_date", "category_of_need", "legal_status", "home_postcode"]

    start_date = forms.DateField(label="Date the child became looked after", widget=DATE)
    category_of_need = forms.ChoiceField(
        label="Category of need", choices=_choices("Choose the category of need", CategoryOfNeed.choices)
    )
    legal_status = forms.ChoiceField(
        label="Legal status", choices=_choices("Choose the legal status", LegalStatus.choices)
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        required=False,
        max_length=10,
        help_text="Leave blank to use the child's address on the start date",
    )
    # SSDA903 PrevPerm: asked of every child starting care.
    previous_permanence = forms.ChoiceField(
        label="Permanence order the child had before coming into care",
        choices=_choices("Choose", PreviousPermanence.choices),
        error_messages={"required": "Choose the earlier order, or none"},
    )
    previous_permanence_la = forms.CharField(
        label="Local authority that arranged it",
        required=False,
        max_length=3,
        help_text="Its three-digit DfE number, or WAL, SCO, NIR, NUK outside England (not for 'none')",
    )
    previous_permanence_date = forms.DateField(
        label="Date of the earlier order", required=False, widget=DATE, help_text="Not for 'none'"
    )


class PlacementChangeForm(VersionForm, PlacementDetailsForm):
    field_order = ["change_date", "change_reason"]

    # The placement the form was opened for: a second submission after the move must not move the child twice.
    placement = forms.IntegerField(widget=forms.HiddenInput)

    change_date = forms.DateField(label="Date of the move", widget=DATE)
    change_reason = forms.ChoiceField(
        label="Why the current placement ended",
        choices=_choices("Choose a reason", ReasonPlacementChange.choices),
        error_messages={"required": "Choose why the placement ended"},
    )
    same_carer_as_previous = forms.BooleanField(label="The carers stayed the same", required=False)


class PlacementEditForm(VersionForm, PlacementDetailsForm):
    same_carer_as_previous = forms.BooleanField(
        label="The carers stayed the same as in the previous placement", required=False
    )
    long_term_foster_agreed_on = forms.DateField(
        label="Date long-term fostering was agreed",
        required=False,
        widget=DATE,
        help_text="Long-term foster placements (U1, U4) only",
    )


class LegalStatusForm(VersionForm):
    change_date = forms.DateField(label="Date of the change", widget=DATE)
    legal_status = forms.ChoiceField(
        label="New legal status", choices=_choices("Choose the legal status", LegalStatus.choices)
    )


class EndCareForm(VersionForm):
    end_date = forms.DateField(label="Date the child stopped being looked after", widget=DATE)
    reason = forms.ChoiceField(
        label="Reason", choices=END_REASONS, error_messages={"required": "Choose why care ended"}
    )


class CarePlanForm(forms.Form):
    agreed_on = forms.DateField(label="Date the care plan was agreed", widget=DATE)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))
