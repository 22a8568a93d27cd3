from django import forms

from .models import Allocation, Worker


class AllocationForm(forms.Form):
    worker = forms.ModelChoiceField(queryset=Worker.objects.none(), label="Worker")
    kind = forms.ChoiceField(choices=Allocation.Kind.choices, label="Allocated as", initial=Allocation.Kind.KEY_WORKER)
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="From")
    reason = forms.CharField(required=False, label="Reason (optional)", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda w: f"{w.full_name} ({w.team}, {w.get_role_display()})"
