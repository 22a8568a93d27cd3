from django import forms

from safeguard.codelists import CategoryOfAbuse

from .models import (
    ChildProtectionPlan,
    InitialChildProtectionConference,
    ProtectiveOrder,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CATEGORIES = [("", "Choose a category"), *CategoryOfAbuse.choices]
END_REASONS = [("", "Choose a reason"), *ChildProtectionPlan.EndReason.choices]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StrategyDiscussionForm(forms.Form):
    held_on = forms.DateField(label="Date of the strategy discussion", widget=DATE)
    agencies = forms.MultipleChoiceField(
        label="Agencies present",
        choices=StrategyDiscussion.Agency.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agencies present"},
    )
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=StrategyDiscussion.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    decided_on = forms.DateField(label="Date of the decision", widget=DATE)


class Section47StartForm(forms.Form):
    start_date = forms.DateField(label="Section 47 enquiry start date", widget=DATE)


class Section47ConcludeForm(VersionForm):
    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=Section47Enquiry.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the enquiry"},
    )
    outcome_date = forms.DateField(label="Outcome date", widget=DATE)
    reason = forms.CharField(
        label="Why no conference is needed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when no conference is needed",
    )


class ICPCForm(forms.Form):
    conference_date = forms.DateField(label="Conference date", widget=DATE)
    outcome = forms.ChoiceField(
        label="Outcome of the conference",
        choices=InitialChildProtectionConference.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the conference"},
    )
    initial_category = forms.ChoiceField(
        label="Category of abuse", required=False, choices=CATEGORIES, help_text="Needed when a plan starts"
    )
    visit_interval_working_days = forms.IntegerField(
        label="Visit every (working days)",
        required=False,
        min_value=1,
        max_value=130,
        help_text="Leave blank for the authority's default",
    )


class CoreGroupForm(forms.Form):
    held_on = forms.DateField(label="Core group meeting date", widget=DATE)


class VisitForm(forms.Form):
    visit_date = forms.DateField(label="Visit date", widget=DATE)
    child_seen = forms.BooleanField(label="The child was seen", required=False, initial=True)
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Review conference date", widget=DATE)
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=ReviewConference.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the review conference"},
    )
    category = forms.ChoiceField(
        label="Category of abuse",
        required=False,
        choices=[("", "No change"), *CategoryOfAbuse.choices],
    )
    end_reason = forms.ChoiceField(
        label="Why the plan ends", required=False, choices=END_REASONS, help_text="Needed when the plan ends"
    )


class EndPlanForm(VersionForm):
    end_date = forms.DateField(label="Plan end date", widget=DATE)
    end_reason = forms.ChoiceField(label="Why the plan ends", choices=END_REASONS)


class ProtectiveOrderForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of order",
        choices=ProtectiveOrder.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of order"},
    )
    start_date = forms.DateField(label="Start date", widget=DATE)
    end_date = forms.DateField(label="End date", required=False, widget=DATE)
