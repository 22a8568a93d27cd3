from django import forms

from safeguard.codelists import CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch
from safeguard.workforce.models import Worker

from .eligibility import Category
from .models import NOT_KNOWN, AdviserContact, accommodation_kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _accommodation_kinds() -> list[tuple[str, str]]:
    """One choice per SSDA903 ACCOM letter (the kind of place); suitability (the digit) is asked separately."""
    kinds = {}
    for code in CareLeaverAccommodation.values:
        if code != NOT_KNOWN:
            kinds.setdefault(code[0], accommodation_kind(code))
    return [("", "Choose the accommodation"), *kinds.items(), (NOT_KNOWN, "Not known (not in touch)")]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtendForm(VersionForm):
    extended = forms.TypedChoiceField(
        label="Does support continue to 25?",
        choices=[
            ("yes", "Yes: in education or training, or the young person asked for a personal adviser"),
            ("no", "No"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether support continues to 25"},
    )


class NeedsAssessmentForm(VersionForm):
    completed_on = forms.DateField(label="Date the needs assessment was completed", widget=DATE)


class AdviserForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Personal adviser",
        queryset=Worker.objects.none(),
        empty_label="Choose a personal adviser",
        error_messages={"required": "Choose a personal adviser"},
    )
    start_date = forms.DateField(label="Allocated from", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = Worker.objects.filter(
            role=Worker.Role.PERSONAL_ADVISER, end_date__isnull=True
        ).select_related("team")


class ContactForm(forms.Form):
    contact_date = forms.DateField(label="Date of the adviser contact", widget=DATE)
    kind = forms.ChoiceField(
        label="How was the contact made?",
        choices=AdviserContact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    in_touch = forms.TypedChoiceField(
        label="Did the contact reach the young person?",
        choices=[("yes", "Yes"), ("no", "No: an attempt that did not reach them")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the contact reached the young person"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanStartForm(forms.Form):
    start_date = forms.DateField(label="Date the pathway plan was agreed", widget=DATE)
    summary = forms.CharField(label="Summary of the plan", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class PlanReviewForm(forms.Form):
    review_date = forms.DateField(label="Date of the review", widget=DATE)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BirthdayForm(forms.Form):
    age = forms.IntegerField(widget=forms.HiddenInput)
    in_touch = forms.ChoiceField(
        label="Is the authority in touch with the young person? (IN_TOUCH)",
        choices=CareLeaverInTouch.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the authority is in touch"},
    )
    contact_date = forms.DateField(
        label="Date of the contact",
        required=False,
        widget=DATE,
        help_text="From 3 months before to 1 month after the birthday. Needed when in touch.",
    )
    accommodation_kind = forms.ChoiceField(
        label="Where does the young person live? (ACCOM, the letter)",
        choices=_accommodation_kinds(),
        error_messages={"required": "Choose the accommodation"},
    )
    accommodation_suitable = forms.ChoiceField(
        label="Is the accommodation suitable? (ACCOM, the digit)",
        choices=[("1", "Suitable"), ("2", "Not suitable")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Not needed when the accommodation is not known",
    )
    activity = forms.ChoiceField(
        label="Main activity (ACTIV)",
        choices=[("", "Choose the main activity"), *CareLeaverActivity.choices],
        error_messages={"required": "Choose the main activity"},
    )

    def clean(self):
        data = super().clean()
        kind = data.get("accommodation_kind")
        if kind and kind != NOT_KNOWN:
            suitable = data.get("accommodation_suitable")
            if not suitable:
                self.add_error("accommodation_suitable", "Choose whether the accommodation is suitable")
            else:
                data["accommodation"] = f"{kind}{suitable}"
        elif kind == NOT_KNOWN:
            data["accommodation"] = NOT_KNOWN
        return data


CATEGORY_FILTER = [("", "All care leavers"), *[(c.value, c.label) for c in Category if c != Category.NONE]]
