from django import forms

from .models import DeprivationOfLibertyOrder, PreProceedingsOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_UNKNOWN = [("", "Not recorded yet"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class _FgdmFields(forms.Form):
    letter_sent_on = forms.DateField(label="Date the letter before proceedings was sent", required=False, widget=DATE)
    fgdm_offered = forms.TypedChoiceField(
        label="Did the letter offer a family group decision making (FGDM) meeting?",
        choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    fgdm_held = forms.TypedChoiceField(
        label="Was an FGDM meeting facilitated after the offer?",
        choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    initial_meeting_date = forms.DateField(label="Date of the initial pre-proceedings meeting", required=False,
                                           widget=DATE)  # fmt: skip
    review_meetings = forms.IntegerField(label="Review meetings held since the initial meeting", required=False,
                                         min_value=0, max_value=99)  # fmt: skip
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StartForm(_FgdmFields):
    decision_date = forms.DateField(
        label="Date of the legal planning meeting that decided to start pre-proceedings", widget=DATE
    )
    field_order = ["decision_date"]


class UpdateForm(_FgdmFields):
    record = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndForm(forms.Form):
    record = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    step_decision_date = forms.DateField(label="Date of the decision to step up or down", widget=DATE)
    outcome = forms.ChoiceField(
        label="Outcome", choices=PreProceedingsOutcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of pre-proceedings"},
    )  # fmt: skip
    court_application_date = forms.DateField(label="Date the care proceedings application was made", required=False,
                                             widget=DATE)  # fmt: skip
    proceedings_letter_date = forms.DateField(label="Date the letter initiating proceedings was sent",
                                              required=False, widget=DATE)  # fmt: skip


class OrderForm(forms.Form):
    start_date = forms.DateField(label="Date the order was made", widget=DATE)
    end_date = forms.DateField(label="Date it ended (if it has)", required=False, widget=DATE)
    authorisation = forms.ChoiceField(
        label="Authorised by", choices=DeprivationOfLibertyOrder.Authorisation.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose who authorised the deprivation of liberty"},
    )  # fmt: skip
    court_reference = forms.CharField(label="Court reference", required=False, max_length=40)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EndOrderForm(forms.Form):
    record = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = forms.DateField(label="Date the order ended", widget=DATE)
