from django import forms

from safeguard.codelists import AssessmentFactor, PrimaryNeed, ReasonForClosure

from .models import Assessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StartAssessmentForm(forms.Form):
    start_date = forms.DateField(label="Assessment start date", widget=DATE)


class ChildSeenForm(forms.Form):
    seen_on = forms.DateField(label="Date the child was seen", widget=DATE)
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)


class FactorsForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": 'Choose the factors identified, or "No factors identified"'},
    )


class AnalysisForm(VersionForm):
    analysis = forms.CharField(label="Analysis", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Not decided yet"), *Assessment.Outcome.choices]
    )


class SubmitForm(VersionForm):
    late_reason = forms.CharField(
        label="Why the assessment is late",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when it is submitted after the due date",
    )


class ManagerDecisionForm(VersionForm):
    primary_need = forms.ChoiceField(
        label="Primary need",
        required=False,
        choices=[
            ("", "Choose the primary need"),
            *[(v, f"{v}: {label}") for v, label in PrimaryNeed.choices if v != "N0"],
        ],
        help_text="Needed to authorise",
    )
    comment = forms.CharField(
        label="Manager's comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a comment explaining the decision"},
    )


class StartPlanForm(forms.Form):
    start_date = forms.DateField(label="Plan start date", widget=DATE)
    visit_interval_working_days = forms.IntegerField(
        label="Visit every (working days)",
        required=False,
        min_value=1,
        max_value=130,
        help_text="Leave blank for the authority's default",
    )


class VisitForm(forms.Form):
    visit_date = forms.DateField(label="Visit date", widget=DATE)
    child_seen = forms.BooleanField(label="The child was seen", required=False, initial=True)
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)


class ReviewForm(forms.Form):
    review_date = forms.DateField(label="Review date", widget=DATE)
    notes = forms.CharField(label="Review notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class EndPlanForm(VersionForm):
    end_date = forms.DateField(label="Plan end date", widget=DATE)


class CloseEpisodeForm(VersionForm):
    close_date = forms.DateField(label="Closure date", widget=DATE)
    reason = forms.ChoiceField(label="Reason for closure", choices=[("", "Choose a reason"), *ReasonForClosure.choices])


class ReopenEpisodeForm(VersionForm):
    reason = forms.CharField(label="Why the episode is being reopened", widget=forms.Textarea(attrs={"rows": 4}))
