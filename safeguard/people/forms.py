from django import forms
from django.core.exceptions import ValidationError

from safeguard.codelists import Disability, Ethnicity, Sex

from .identifiers import normalise_nhs_number, validate_nhs_number
from .models import Address, Person, PersonAlias, PersonFlag, ProfessionalInvolvement, Relationship
from .search import parse_partial_date

DATE = forms.DateInput(attrs={"type": "date"})


class PersonSearchForm(forms.Form):
    name = forms.CharField(required=False, label="Name", help_text="Misspellings are fine: we search by sound too")
    date_of_birth = forms.CharField(
        required=False, label="Date of birth", help_text="All or part of it, for example 2015, 03/2015 or 12/03/2015"
    )
    identifier = forms.CharField(required=False, label="Identifier", help_text="LA person ID, NHS number or UPN")

    def clean_date_of_birth(self):
        try:
            return parse_partial_date(self.cleaned_data["date_of_birth"])
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        if not (data.get("name") or data.get("date_of_birth") or data.get("identifier")) and not self.errors:
            raise ValidationError("Enter a name, a date of birth or an identifier to search for")
        return data


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "gender_identity",
            "ethnicity",
            "nhs_number",
            "upn",
            "upn_unknown_reason",
        ]
        widgets = {
            "date_of_birth": DATE,
            "expected_date_of_birth": DATE,
            "sex": forms.RadioSelect,
        }
        help_texts = {
            "expected_date_of_birth": "Only for an unborn child",
            "nhs_number": "10 digits",
            "upn": "13 characters, starting with the check letter",
            "upn_unknown_reason": "Only for a child of school age with no UPN (the CIN census asks why)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = Sex.choices
        # People type NHS numbers with spaces; the field's length limit applies to the digits only.
        self.fields["nhs_number"].max_length = 14
        self.fields["nhs_number"].validators = []

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        validate_nhs_number(value)
        return value

    def clean_upn(self):
        return (self.cleaned_data["upn"] or "").strip().upper()
        self.fields["ethnicity"].choices = Ethnicity.choices


class NewPersonForm(PersonForm):
    kind = forms.ChoiceField(
        choices=Person.Kind.choices, widget=forms.RadioSelect, label="Is this a child or an adult?"
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False, label="None of the people listed is the same person: create a new record"
    )

    field_order = ["kind"]


class FlagForm(forms.ModelForm):
    class Meta:
        model = PersonFlag
        fields = ["type", "note", "start_date", "review_date"]
        widgets = {"start_date": DATE, "review_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class AliasForm(forms.ModelForm):
    class Meta:
        model = PersonAlias
        fields = ["kind", "first_name", "last_name"]


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "start_date"]
        widgets = {"start_date": DATE}
        labels = {"line_1": "Address line 1", "line_2": "Address line 2 (optional)", "start_date": "Living here from"}


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = ProfessionalInvolvement
        fields = ["role", "name", "organisation", "phone", "email", "start_date"]
        widgets = {"start_date": DATE}


class DisabilityForm(forms.Form):
    code = forms.ChoiceField(choices=Disability.choices, label="Disability")
    recorded_on = forms.DateField(widget=DATE, label="Recorded on")


class RelationshipForm(forms.Form):
    related_person_id = forms.CharField(label="LA person ID of the related person", help_text="For example A0001234")
    type = forms.ChoiceField(choices=Relationship.Type.choices, label="They are this person's")
    lives_with = forms.BooleanField(required=False, label="They live in the same household")
    has_parental_responsibility = forms.BooleanField(required=False, label="They have parental responsibility")
    start_date = forms.DateField(required=False, widget=DATE, label="Since (optional)")
