"""A treatment session as recorded: its notes, the muscles treated, the pain per region."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triggerfinder.core import bounds
from triggerfinder.forms.fields import bounded_integer_field, field_of, intensity_field
from triggerfinder.forms.versioning import VersionedModelForm
from triggerfinder.models import PlannedSession, TreatedMuscle, TreatmentSession


class SessionNotesForm(VersionedModelForm):
    """What a recorded session says; corrected later on its own page."""

    class Meta:
        model = TreatmentSession
        fields = list(TreatmentSession.NOTES_FIELDS)
        widgets = {
            "held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "pain_before": forms.NumberInput(attrs={"min": bounds.PAIN.low, "max": bounds.PAIN.high}),
            "pain_after": forms.NumberInput(attrs={"min": bounds.PAIN.low, "max": bounds.PAIN.high}),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ["feedback", "subjective", "objective", "assessment", "soap_plan"]
            },
        }
        help_texts = {
            "pain_before": _(
                "Ask at the start: how were the days since the last visit? Progress compares this "
                "with the intake."
            ),
            "pain_after": _("Only this session's immediate effect, not counted as progress."),
        }

    def __init__(self, *args: Any, not_before: datetime.datetime | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before = not_before
        field_of(self, "held_at", forms.DateTimeField).input_formats = [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
        ]

    def clean_held_at(self) -> datetime.datetime:
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + datetime.timedelta(minutes=15):
            raise forms.ValidationError(_("A session cannot be recorded before it took place."))
        if self.not_before and held_at < self.not_before.replace(second=0, microsecond=0):
            raise forms.ValidationError(
                _("The session lies before the intake of %(day)s.")
                % {"day": timezone.localtime(self.not_before).strftime("%d.%m.%Y")}
            )
        return held_at


class TreatmentSessionForm(SessionNotesForm):
    planned_session = forms.TypedChoiceField(
        label=_("Planned session it fulfils"), required=False, coerce=int, empty_value=None
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, open_sessions: list[PlannedSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_sessions = {session.pk: session for session in open_sessions}
        field_of(self, "planned_session", forms.TypedChoiceField).choices = [("", _("unplanned"))] + [
            (
                session.pk,
                _("%(kind)s %(number)d on %(day)s")
                % {
                    "kind": session.get_kind_display(),
                    "number": session.number,
                    "day": session.date.strftime("%d.%m.%Y"),
                },
            )
            for session in open_sessions
        ]

    def clean_planned_session(self) -> PlannedSession | None:
        pk = self.cleaned_data["planned_session"]
        return self.open_sessions.get(pk) if pk else None


class TreatedMuscleForm(forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"), required=False)
    side = forms.ChoiceField(
        label=_("Side"), choices=TreatedMuscle.Side.choices, initial=TreatedMuscle.Side.BOTH
    )
    findings = forms.CharField(label=_("Trigger points found"), required=False, max_length=250)

    def __init__(self, *args: Any, muscle_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "muscle", forms.ChoiceField).choices = [("", "—"), *muscle_choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )


TreatedMuscleFormSet = forms.formset_factory(TreatedMuscleForm, extra=2, max_num=20, absolute_max=40)


class SessionRegionForm(forms.Form):
    """Pain per region now, for the regions of the intake."""

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, name in regions:
            self.fields[intensity_field(slug)] = bounded_integer_field(
                bounds.PAIN, label=name, required=False
            )

    def intensities(self) -> dict[str, int]:
        return {
            name.removeprefix("intensity-"): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }
