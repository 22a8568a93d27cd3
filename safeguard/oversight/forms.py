from django import forms
from django.utils import timezone

from .models import CaseNote

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of note",
        choices=CaseNote.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of note"},
    )
    occurred_at = forms.DateTimeField(
        label="Date and time",
        help_text="When the visit, call or meeting happened",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter the date and time", "invalid": "Enter a real date and time"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, may_record_oversight: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_record_oversight:
            self.fields["kind"].choices = [
                (value, label) for value, label in CaseNote.Kind.choices if value != CaseNote.Kind.MANAGEMENT_OVERSIGHT
            ]
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))


class NoteFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Type of note", required=False, choices=[("", "All types"), *CaseNote.Kind.choices])


class OversightForm(forms.Form):
    comment = forms.CharField(
        label="Management oversight direction",
        help_text="What must happen next on this case, by whom and by when",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter a comment explaining the decision"},
    )


class SupervisionForm(forms.Form):
    held_on = forms.DateField(
        label="Date of supervision",
        widget=DATE,
        error_messages={"required": "Enter the date the supervision was held", "invalid": "Enter a real date"},
    )
    notes = forms.CharField(label="Supervision notes", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            self.fields[self.child_field(child)] = forms.CharField(
                label=f"Decision for {child.full_name} ({child.la_person_id})",
                required=False,
                help_text="Leave blank if this child was not discussed",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    @staticmethod
    def child_field(child) -> str:
        return f"child_{child.pk}"

    def child_decisions(self) -> list[tuple]:
        return [
            (child, self.cleaned_data[self.child_field(child)])
            for child in self.children
            if self.cleaned_data.get(self.child_field(child), "").strip()
        ]
