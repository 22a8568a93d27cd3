from django import forms

from safeguard.codelists import ReviewParticipation
from safeguard.workforce.models import Worker

from .models import IROContact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewForm(forms.Form):
    review_date = forms.DateField(label="Review date", widget=DATE)
    participation = forms.ChoiceField(
        label="How the child took part",
        choices=ReviewParticipation.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave blank for a child under 4: PN0 is recorded for them",
    )
    iro = forms.ModelChoiceField(
        label="Independent reviewing officer",
        queryset=Worker.objects.none(),
        required=False,
        empty_label="The child's allocated IRO",
    )
    outcome_notes = forms.CharField(label="Outcome of the review", required=False, widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, iros=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = iros if iros is not None else Worker.objects.none()


class ReviewUpdateForm(forms.Form):
    """Correcting a recorded review: the participation code and the outcome (the date drives the schedule, so it
    stays; a review recorded on the wrong day is a data correction for an administrator)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    participation = forms.ChoiceField(
        label="How the child took part",
        choices=ReviewParticipation.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave blank for a child under 4 on the review date: PN0 is recorded for them",
    )
    outcome_notes = forms.CharField(label="Outcome of the review", required=False, widget=forms.Textarea({"rows": 4}))


class VisitForm(forms.Form):
    visit_date = forms.DateField(label="Visit date", widget=DATE)
    child_seen = forms.BooleanField(label="The child was seen", required=False, initial=True)
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    child_agrees_six_monthly = forms.BooleanField(
        label="The child agrees to visits at most every 6 months",
        required=False,
        help_text="Only for a long-term foster placement (U1 or U4) that has lasted a year",
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea({"rows": 3}))


class IROContactForm(forms.Form):
    contact_date = forms.DateField(label="Date of contact", widget=DATE)
    kind = forms.ChoiceField(
        label="How the IRO was in contact",
        choices=IROContact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the IRO was in contact"},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea({"rows": 3}))


class AllocateIROForm(forms.Form):
    iro = forms.ModelChoiceField(
        label="Independent reviewing officer",
        queryset=Worker.objects.none(),
        error_messages={"required": "Choose the IRO"},
    )
    start_date = forms.DateField(label="Allocated from", widget=DATE)

    def __init__(self, *args, iros=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = iros if iros is not None else Worker.objects.none()
