from django import forms

from .models import AgeAssessment, ImmigrationStatus, UASCRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UASCRecordForm(forms.Form):
    became_uasc_on = forms.DateField(
        label="Date the child became an unaccompanied asylum-seeking child",
        help_text="The day they arrived in the authority, or claimed asylum if that came first",
        widget=DATE,
    )
    arrival_route = forms.ChoiceField(
        label="How the child arrived",
        choices=UASCRecord.ArrivalRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the child arrived"},
    )
    nts_from_authority = forms.CharField(
        label="Transferring authority", required=False, help_text="Only for a National Transfer Scheme transfer in"
    )
    nts_referral_date = forms.DateField(label="NTS referral date", required=False, widget=DATE)
    nts_transfer_date = forms.DateField(label="NTS transfer date", required=False, widget=DATE)


class CeaseForm(VersionForm):
    ceased_on = forms.DateField(label="Date ceased to be UASC", widget=DATE)
    ceased_reason = forms.ChoiceField(
        label="Why",
        choices=UASCRecord.CeasedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the child ceased to be UASC"},
    )


class AgeAssessmentForm(VersionForm):
    assessed_on = forms.DateField(label="Date of the assessment", widget=DATE)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AgeAssessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the age assessment"},
    )
    assessed_date_of_birth = forms.DateField(
        label="Assessed date of birth",
        required=False,
        widget=DATE,
        help_text="Needed when assessed as older or younger: the child's date of birth is changed to it",
    )
    merton_compliant = forms.TypedChoiceField(
        label="Was the assessment Merton-compliant?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the assessment was Merton-compliant"},
    )
    assessed_by = forms.CharField(label="Assessed by", help_text="The two assessing social workers, or the agency")


class ImmigrationStatusForm(forms.Form):
    current_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label="Immigration status",
        choices=[("", "Choose a status"), *ImmigrationStatus.Status.choices],
        error_messages={"required": "Choose the immigration status"},
    )
    start_date = forms.DateField(label="Start date", widget=DATE)
    home_office_reference = forms.CharField(label="Home Office reference", required=False, max_length=30)


class EndStatusForm(VersionForm):
    end_date = forms.DateField(label="End date", widget=DATE)
