from django import forms

from .models import DisabledChildrenService

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Service",
        choices=DisabledChildrenService.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the service"},
    )
    detail = forms.CharField(label="Details", required=False, max_length=200, help_text="Needed for other services")
    referral_date = forms.DateField(label="Date the service was requested", required=False, widget=DATE)


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=DisabledChildrenService.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    decision_date = forms.DateField(label="Date of the decision", widget=DATE)


class StartForm(VersionForm):
    start_date = forms.DateField(label="Date the first service was provided", widget=DATE)


class EndForm(VersionForm):
    end_date = forms.DateField(label="End date", widget=DATE)
