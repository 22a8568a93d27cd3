"""The build form, made from a return's registry entry: a collection year, a date or nothing, plus its options.

Options are the same argparse specifications the command line uses (`ReturnKind.arguments`): a store_true flag
becomes a checkbox, `choices` a select, anything else a text input whose value is converted by the option's `type`
when the build runs (and checked when the form is sent).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .registry import ReturnKind
from .services import argument_dest, option_default
from .years import CollectionYear

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEARS_OFFERED = 6


def collection_years(today) -> list[CollectionYear]:
    """The collection year `today` falls in and the five before it, newest first."""
    current = today.year if today.month >= 4 else today.year - 1
    return [CollectionYear(first) for first in range(current, current - YEARS_OFFERED, -1)]


def _year_label(year: CollectionYear) -> str:
    return f"{year.label} (1 April {year.first_year} to 31 March {year.first_year + 1})"


class BuildForm(forms.Form):
    def __init__(self, *args, kind: ReturnKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        today = timezone.localdate()
        if kind.period == "year":
            years = collection_years(today)
            self.fields["year"] = forms.ChoiceField(
                label="Collection year",
                choices=[(str(year.first_year), _year_label(year)) for year in years],
                initial=str(years[1].first_year),  # the latest year that has ended: the one usually returned
                error_messages={
                    "required": "Choose the collection year",
                    "invalid_choice": "Choose a year from the list",
                },
            )
        elif kind.period == "as_of":
            self.fields["as_of"] = forms.DateField(
                label="Date the return is for",
                help_text="The return shows the record as it stood at the end of this day.",
                widget=DATE,
                initial=today,
                error_messages={"required": "Enter the date the return is for", "invalid": "Enter a real date"},
            )
        for flag, keywords in kind.arguments:
            self.fields[argument_dest(flag)] = _option_field(flag, keywords)

    def clean_year(self) -> CollectionYear:
        return CollectionYear(int(self.cleaned_data["year"]))

    def options(self) -> dict:
        """The kind's extra options as typed (converted again when the build runs); blanks left to the default."""
        chosen = {}
        for flag, keywords in self.kind.arguments:
            value = self.cleaned_data.get(argument_dest(flag))
            if value not in (None, "") and value != option_default(keywords):
                chosen[argument_dest(flag)] = value
        return chosen


def _option_field(flag: str, keywords: dict) -> forms.Field:
    label = keywords.get("help") or flag.lstrip("-").replace("-", " ")
    label = label[:1].upper() + label[1:]
    action = keywords.get("action")
    if action in ("store_true", "store_false"):
        return forms.BooleanField(label=label, required=False, initial=option_default(keywords))
    required = bool(keywords.get("required"))
    default = keywords.get("default")
    if keywords.get("choices"):
        choices = [(str(choice), str(choice)) for choice in keywords["choices"]]
        if not required:
            choices = [("", "Default" if default is None else f"Default ({default})"), *choices]
        return forms.ChoiceField(label=label, choices=choices, required=required)
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        help_text=None if default is None else f"Leave blank for {default}",
    )
