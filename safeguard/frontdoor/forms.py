from django import forms
from django.utils import timezone

from safeguard.codelists import ReferralSource
from safeguard.workforce.models import Service, Team

from .models import ContactDecision, PresentingReason, Rag


class ContactForm(forms.Form):
    received_at = forms.DateTimeField(
        label="Date and time received",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    source = forms.ChoiceField(label="Source", choices=[("", "Choose a source"), *ReferralSource.choices])
    referrer_name = forms.CharField(label="Referrer's name", required=False)
    referrer_organisation = forms.CharField(label="Referrer's organisation", required=False)
    referrer_contact = forms.CharField(label="Referrer's telephone or email", required=False)
    reasons = forms.MultipleChoiceField(
        label="Presenting reasons", choices=PresentingReason.choices, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label="Summary of the concern", widget=forms.Textarea(attrs={"rows": 5}))
    rag = forms.ChoiceField(
        label="Priority",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        help_text="Red: possible immediate harm. Amber: needs a decision today. Green: no immediate risk.",
    )
    parents_carers = forms.MultipleChoiceField(
        label="Parents or carers involved", required=False, widget=forms.CheckboxSelectMultiple
    )
    alleged_perpetrators = forms.MultipleChoiceField(
        label="Alleged perpetrators", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, adults=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), f"{a.full_name} ({a.la_person_id})") for a in adults]
        self.fields["parents_carers"].choices = choices
        self.fields["alleged_perpetrators"].choices = choices
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Decision", choices=ContactDecision.Outcome.choices, widget=forms.RadioSelect)
    team = forms.ModelChoiceField(
        label="Team the referral goes to",
        required=False,
        queryset=Team.objects.exclude(service=Service.FRONT_DOOR),
        help_text="Needed for a referral or a strategy discussion",
    )
    reason = forms.CharField(label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 4}))
