from django import forms

from safeguard.codelists import MissingType

from .models import MissingEpisode, ReturnHomeInterview, RiskLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FROM_CHOICES = [("", "Work it out from the care record"), *MissingEpisode.MissingFrom.choices]


def _moment(label: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], help_text=help_text
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(forms.Form):
    missing_type = forms.ChoiceField(
        label="Missing or away",
        choices=MissingType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose missing or away"},
    )
    start_at = _moment("When the child went missing")
    missing_from = forms.ChoiceField(
        label="Missing from",
        choices=FROM_CHOICES,
        required=False,
        help_text="Left blank, a child looked after that day is missing from their care placement, otherwise from home",
    )
    risk_level = forms.ChoiceField(
        label="Risk level at report",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk level"},
    )
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)
    police_reference = forms.CharField(label="Police reference", required=False, max_length=40)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ReturnForm(VersionForm):
    end_at = _moment("When the child returned or was found")
    where_found = forms.CharField(label="Where the child was found", required=False, max_length=200)


class OfferForm(VersionForm):
    offered_at = _moment("When the interview was offered")
    response = forms.ChoiceField(
        label="The child's answer",
        choices=[("", "Not known yet"), *ReturnHomeInterview.Response.choices],
        widget=forms.RadioSelect,
        required=False,
    )


class InterviewForm(VersionForm):
    completed_at = _moment("When the interview took place")
    interviewer = forms.CharField(
        label="Interviewer", max_length=120, help_text="An independent person, not the child's social worker or carer"
    )
    interviewer_organisation = forms.CharField(label="Organisation", required=False, max_length=120)
    key_findings = forms.CharField(label="Key findings", widget=forms.Textarea(attrs={"rows": 5}))
    exploitation_concerns = forms.BooleanField(label="Concerns about exploitation", required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date of the strategy meeting", widget=DATE)
    outcome = forms.CharField(label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 3}))
