"""A treatment plan's changes: its schedule, accepting or cancelling it, its sessions' dates."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triggerfinder.core import planning
from triggerfinder.forms.versioning import VersionedFormMixin, VersionedModelForm
from triggerfinder.models import PlannedSession, TreatmentPlan

PLAN_DATE_ERROR = _("Choose a date from a year ago to two years ahead.")


def plan_date_field(day: datetime.date) -> datetime.date:
    if not planning.plan_date_ok(day, today=timezone.localdate()):
        raise forms.ValidationError(PLAN_DATE_ERROR)
    return day


class PlanRescheduleForm(VersionedModelForm):
    class Meta:
        model = TreatmentPlan
        fields = [
            "cycle_length",
            "start_date",
            "first_interval_days",
            "weekly_sessions",
            "later_interval_days",
            "maintenance_weeks",
            "maintenance_visits",
            "session_time",
            "session_minutes",
            "notes",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "session_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "weekly_sessions": _("How many sessions follow the first spacing before the later one applies."),
        }

    def clean_start_date(self) -> datetime.date:
        return plan_date_field(self.cleaned_data["start_date"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        weekly, length = cleaned.get("weekly_sessions"), cleaned.get("cycle_length")
        if weekly is not None and length is not None and weekly > length:
            self.add_error("weekly_sessions", _("Cannot be more than the sessions in the cycle."))
        return cleaned


class PlanActionForm(VersionedFormMixin, forms.Form):
    """Accept or cancel: nothing to type, but it must act on the plan the user saw."""


class SessionDatesForm(VersionedFormMixin, forms.Form):
    """One date field per planned session of a proposed plan."""

    def __init__(
        self,
        *args: Any,
        sessions: list[PlannedSession],
        calendar: planning.PracticeCalendar | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        self.sessions = sessions
        for session in sessions:
            self.fields[f"session-{session.pk}"] = forms.DateField(
                label=f"{session.get_kind_display()} {session.number}",
                initial=session.date,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, day in list(self.session_dates(cleaned).items()):  # add_error removes entries
            if not planning.plan_date_ok(day, today=timezone.localdate()):
                self.add_error(name, PLAN_DATE_ERROR)
            elif self.calendar and day.weekday() not in self.calendar.working_days:
                self.add_error(name, _("The practice is closed on that day."))
        return cleaned

    @staticmethod
    def session_dates(cleaned: dict[str, Any]) -> dict[str, datetime.date]:
        return {name: day for name, day in cleaned.items() if name.startswith("session-")}

    def dates(self) -> dict[int, datetime.date]:
        return {
            int(name.removeprefix("session-")): day
            for name, day in self.session_dates(self.cleaned_data).items()
        }
