from django import forms

from safeguard.codelists import SDQReason

from .models import HealthAssessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTES = forms.Textarea(attrs={"rows": 3})


class HealthAssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of assessment",
        choices=HealthAssessment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose initial or review health assessment"},
    )
    assessment_date = forms.DateField(label="Date of the assessment", widget=DATE)
    assessed_by = forms.CharField(label="Carried out by", max_length=200, help_text="Name and role, for example "
                                  "a paediatrician or looked-after children's nurse")  # fmt: skip
    notes = forms.CharField(label="Notes", required=False, widget=NOTES)


class DentalCheckForm(forms.Form):
    check_date = forms.DateField(label="Date of the dental check", widget=DATE)
    notes = forms.CharField(label="Notes", required=False, widget=NOTES)


class ImmunisationForm(forms.Form):
    status_date = forms.DateField(label="Date checked", widget=DATE)
    up_to_date = forms.TypedChoiceField(
        label="Are the child's immunisations up to date?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=NOTES)


class SDQForm(forms.Form):
    completed_date = forms.DateField(label="Date completed", widget=DATE)
    score = forms.IntegerField(label="SDQ total score", required=False, help_text="0 to 40. Leave empty if there is "
                               "no score and choose the reason")  # fmt: skip
    reason = forms.ChoiceField(
        label="Reason there is no score", required=False, choices=[("", "Not applicable: there is a score"),
                                                                   *SDQReason.choices]
    )  # fmt: skip


class SubstanceMisuseForm(forms.Form):
    identified_date = forms.DateField(label="Date the problem was identified", widget=DATE)
    substance = forms.CharField(label="Substance", required=False, max_length=200)
    intervention_offered = forms.BooleanField(label="An intervention was offered", required=False)
    intervention_received = forms.BooleanField(label="An intervention was received", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=NOTES)


class SubstanceMisuseUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    intervention_offered = forms.BooleanField(label="An intervention was offered", required=False)
    intervention_received = forms.BooleanField(label="An intervention was received", required=False)


class ConvictionForm(forms.Form):
    conviction_date = forms.DateField(label="Date of the conviction, final warning or reprimand", widget=DATE)
    offence = forms.CharField(label="Offence", max_length=300)
