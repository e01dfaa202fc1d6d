"""Findings at a visit: a doctor's clearance, a new finding, a finding resolved."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triggerfinder.forms.fields import field_of
from triggerfinder.forms.versioning import VersionedFormMixin


class ClearanceForm(forms.Form):
    """A doctor's clearance of the findings ticked (the ones that still wait for one)."""

    findings = forms.TypedMultipleChoiceField(
        label=_("Findings the doctor cleared"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    cleared_on = forms.DateField(
        label=_("Cleared on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who cleared the treatment (doctor, practice), and with which limits."),
    )

    def __init__(self, *args: Any, findings: list[tuple[int | str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "findings", forms.TypedMultipleChoiceField).choices = findings

    def clean_cleared_on(self) -> datetime.date:
        cleared_on = self.cleaned_data["cleared_on"]
        if cleared_on > timezone.localdate():
            raise forms.ValidationError(_("A clearance cannot lie in the future."))
        return cleared_on


class FindingForm(forms.Form):
    """A finding recorded at a visit, without a new intake."""

    contraindication = forms.ChoiceField(
        label=_("New finding"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "contraindication", forms.ChoiceField).choices = [("", "—"), *choices]


class FindingResolveForm(VersionedFormMixin, forms.Form):
    resolution_note = forms.CharField(
        label=_("Why it is resolved"),
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
