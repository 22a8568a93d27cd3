from django import forms

from .models import ChildMissingEducation, PersonalEducationPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CME = ChildMissingEducation


class PEPForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of PEP meeting",
        choices=PersonalEducationPlan.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose initial plan or review"},
    )
    meeting_date = forms.DateField(label="Date of the PEP meeting", widget=DATE)
    school = forms.CharField(label="School or setting", max_length=200)
    school_urn = forms.CharField(label="School URN", required=False, max_length=10, help_text="6 digits, if known")
    designated_teacher = forms.CharField(label="Designated teacher", required=False, max_length=200)
    targets = forms.CharField(
        label="Targets and support agreed", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class VirtualSchoolNoteForm(forms.Form):
    note_date = forms.DateField(label="Date", widget=DATE)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 5}))


class CMEReportForm(forms.Form):
    reported_date = forms.DateField(label="Date reported", widget=DATE)
    reason = forms.ChoiceField(
        label="Why is the child thought to be missing education?",
        choices=CME.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the child is thought to be missing education"},
    )
    school = forms.CharField(label="Last known school", required=False, max_length=200)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CMEUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in CME.Status.choices if c[0] != CME.Status.REPORTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose being traced, found or closed"},
    )
    resolved_date = forms.DateField(label="Date found or closed", required=False, widget=DATE,
                                    help_text="Leave empty while the child is being traced")  # fmt: skip
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
