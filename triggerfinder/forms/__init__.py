from __future__ import annotations

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triggerfinder.core import planning, screening
from triggerfinder.models import Client, TreatedMuscle, TreatmentPlan, TreatmentSession
from triggerfinder.models.clients import MAX_DURATION_MONTHS
from triggerfinder.presentation.conflicts import VersionedFormMixin, VersionedModelForm
from triggerfinder.security.roles import can_see_all_clients


def therapist_choices() -> Any:
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(Q(groups__permissions__codename="view_client") | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ClientForm(VersionedModelForm):
    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "preferred_language",
            "email",
            "phone",
            "address",
            "therapist",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, embedded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autofocus"] = True
        self.embedded = embedded  # part of a larger page (the intake): no form tag, no button
        if can_see_all_clients(user):
            self.fields["therapist"].queryset = therapist_choices()
        else:
            # A therapist records their own clients; only a practice lead hands clients over.
            del self.fields["therapist"]
        self.helper = FormHelper()
        self.helper.form_tag = not embedded
        self.helper.disable_csrf = embedded
        self.helper.layout = Layout(
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-6"),
                Column("preferred_language", css_class="col-md-6"),
            ),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            "address",
            *(["therapist"] if "therapist" in self.fields else []),
            "version",
            *([] if embedded else [Submit("save", _("Save"))]),
        )


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search clients"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )


class RegionChoiceField(forms.MultipleChoiceField):
    def to_python(self, value: Any) -> list[str]:
        # Empty values mean "nothing chosen"; error messages quote the value, and absurd input must
        # not come back a megabyte long.
        return [item[:60] for item in super().to_python(value) if item.strip()]


class FinderForm(forms.Form):
    """The finder's query: which regions hurt, and in which language to answer."""

    region = RegionChoiceField(
        label=_("Where do you feel pain?"),
        error_messages={
            "required": _("Choose at least one region, for example region=lower-back."),
            "invalid_choice": _("Unknown region “%(value)s”."),
        },
    )
    lang = forms.ChoiceField(
        required=False,
        choices=[("de", "de"), ("en", "en")],
        error_messages={"invalid_choice": _("Unknown language “%(value)s”; use de or en.")},
    )

    def __init__(self, *args: Any, snapshot: Any, max_regions: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_regions = max_regions
        self.fields["region"].choices = [(slug, region.name.de) for slug, region in snapshot.regions.items()]

    def clean_region(self) -> list[str]:
        regions = self.cleaned_data["region"]
        if len(regions) > self.max_regions:
            raise forms.ValidationError(
                _("Choose at most %(max)d regions."), code="too_many", params={"max": self.max_regions}
            )
        return regions


class PlanInputsForm(forms.Form):
    """Everything the suggested plan depends on. The intake page, its live preview and the
    plan-preview API all read it, so each rule of valid input lives here once."""

    region = RegionChoiceField(
        label=_("Painful regions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown region “%(value)s”.")},
    )
    duration_months = forms.IntegerField(
        label=_("Pain for (months)"),
        min_value=0,
        max_value=MAX_DURATION_MONTHS,
        help_text=_(
            "3 months or more counts as chronic (IASP); 12 months or more: a cycle of 8–12 sessions."
        ),
    )
    factor = forms.MultipleChoiceField(
        label=_("What keeps the pain going?"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Unknown perpetuating factor “%(value)s”.")},
    )
    contraindication = forms.MultipleChoiceField(
        label=_("Contraindications"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown contraindication “%(value)s”.")},
    )
    start = forms.DateField(
        label=_("Start of the cycle"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the next working day."),
    )

    def __init__(
        self, *args: Any, snapshot: Any, today: datetime.date, language: str = "de", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot
        self.today = today
        self.language = language
        self.fields["region"].choices = [(s, r.name.get(language)) for s, r in snapshot.regions.items()]
        self.fields["factor"].choices = [
            (s, f.name.get(language)) for s, f in snapshot.perpetuating_factors.items()
        ]
        self.fields["contraindication"].choices = [
            (s, c.label.get(language)) for s, c in snapshot.contraindications.items()
        ]
        for slug, region in snapshot.regions.items():
            self.fields[intensity_field(slug)] = forms.IntegerField(
                label=_("Intensity of %(region)s (0–10)") % {"region": region.name.get(language)},
                required=False,
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1, "class": "tf-intensity"}),
            )

    def clean_start(self) -> datetime.date | None:
        start = self.cleaned_data.get("start")
        if start and start < self.today:
            raise forms.ValidationError(_("The start lies in the past; choose today or a later day."))
        if start and start > self.today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("The start lies more than a year ahead."))
        return start

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        regions = {}
        for slug in cleaned.get("region", []):
            name = intensity_field(slug)
            intensity = cleaned.get(name)
            if intensity is None:
                if name not in self.errors:
                    self.add_error(name, _("Give the intensity from 1 to 10."))
            elif intensity == 0:
                self.add_error(name, _("A painful region needs an intensity of at least 1."))
            else:
                regions[slug] = intensity
        cleaned["regions"] = regions
        return cleaned

    def region_rows(self) -> list[dict[str, Any]]:
        """Each region with its checkbox state and intensity field, parents before their parts."""
        chosen = set(self["region"].value() or [])
        labels = dict(self.fields["region"].choices)
        rows = []
        for region in self.snapshot.top_regions:
            for item in [region, *self.snapshot.children_of(region.slug)]:
                rows.append(
                    {
                        "slug": item.slug,
                        "name": labels[item.slug],
                        "parent": item.parent,
                        "checked": item.slug in chosen,
                        "intensity": self[intensity_field(item.slug)],
                    }
                )
        return rows


PLAN_DATE_ERROR = _("Choose a date from a year ago to two years ahead.")


def plan_date_field(day: datetime.date) -> datetime.date:
    if not planning.plan_date_ok(day, today=timezone.localdate()):
        raise forms.ValidationError(PLAN_DATE_ERROR)
    return day


def parse_id(value: str) -> int | None:
    """A database id from a query parameter: ASCII digits only ("²".isdigit() is True), not absurdly long."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def intensity_field(slug: str) -> str:
    return f"intensity-{slug}"


YES, NO = "yes", "no"


def answer_field(slug: str) -> str:
    return f"answer-{slug}"


class ScreeningQuestionsMixin:
    """The screening as questions answered yes or no, grouped by body area (core.screening): the
    general ones always, the others for the areas that hurt. ``contraindication`` (the findings
    present) is derived from the yes answers. With ``require_answers`` every question shown must be
    answered: "not asked" is never "no"."""

    require_answers = True
    snapshot: Any
    language: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields  # type: ignore[attr-defined]
        del fields["contraindication"]
        for slug, found in self.snapshot.contraindications.items():
            fields[answer_field(slug)] = forms.ChoiceField(
                label=found.label.get(self.language),
                choices=[(YES, _("Yes")), (NO, _("No"))],
                required=False,
                widget=forms.RadioSelect,
            )
        self.unanswered: tuple[str, ...] = ()

    def chosen_regions(self) -> list[str]:
        chosen = self["region"].value() or []  # type: ignore[index]
        return [slug for slug in chosen if slug in self.snapshot.regions]

    def question_groups(self) -> tuple[screening.QuestionGroup, ...]:
        return screening.questions_for(self.snapshot, self.chosen_regions())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        given = {
            slug: cleaned.get(answer_field(slug)) == YES
            for slug in self.snapshot.contraindications
            if cleaned.get(answer_field(slug)) in (YES, NO)
        }
        groups = self.question_groups()
        shown = set(screening.questions_of(groups))
        # A yes stays a finding even when its area is no longer chosen: safety first.
        answers = {slug: present for slug, present in given.items() if slug in shown or present}
        cleaned["answers"] = answers
        cleaned["contraindication"] = [slug for slug, present in answers.items() if present]
        self.unanswered = screening.unanswered(groups, given)
        if self.require_answers:
            for slug in self.unanswered:
                self.add_error(answer_field(slug), _("Answer yes or no."))  # type: ignore[attr-defined]
        return cleaned

    def screening_rows(self) -> list[dict[str, Any]]:
        """Every group the page can show (the general one first, then each top-level area), each
        question in the group core.screening puts it in for the regions chosen now; the groups of
        areas not chosen are rendered hidden, for the body map's script to show."""
        current = {slug: group.area for group in self.question_groups() for slug in group.questions}
        areas = [None, *(region.slug for region in self.snapshot.top_regions)]
        names = {region.slug: region.name.get(self.language) for region in self.snapshot.top_regions}
        items: dict[str | None, list[dict[str, Any]]] = {area: [] for area in areas}
        ranked = sorted(self.snapshot.contraindications.values(), key=lambda c: (c.order, c.slug))
        for index, found in enumerate(ranked):
            if found.slug in current:
                home = current[found.slug]
            else:
                home = next((area for area in areas if area in found.warning_regions), None)
            items.setdefault(home, []).append(
                {
                    "slug": found.slug,
                    "index": index,
                    "level": found.level,
                    "areas": " ".join(sorted(found.warning_regions)),
                    "field": self[answer_field(found.slug)],  # type: ignore[index]
                    "open": found.slug in self.unanswered,
                }
            )
        chosen = {group.area for group in self.question_groups()}
        return [
            {
                "area": area or "",
                "name": names.get(area, "") if area else _("For every client"),
                "shown": area is None or area in chosen,
                "questions": questions,
            }
            for area, questions in items.items()
        ]

    def screening_error_count(self) -> int:
        return sum(1 for slug in self.snapshot.contraindications if answer_field(slug) in self.errors)  # type: ignore[attr-defined]


class IntakePreviewForm(ScreeningQuestionsMixin, PlanInputsForm):
    """The intake page's live preview: the answers given so far decide, open questions are shown."""

    require_answers = False


class IntakeForm(ScreeningQuestionsMixin, PlanInputsForm):
    overall_pain = forms.IntegerField(
        label=_("Overall pain today (0–10)"),
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"min": 0, "max": 10}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("The client consents to the processing of their health data for the treatment."),
        error_messages={"required": _("Without the client's consent no health data may be recorded.")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("region") and "region" not in self.errors:
            self.add_error("region", _("Choose at least one painful region."))
        return cleaned


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
        self.fields["findings"].choices = findings

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
        self.fields["contraindication"].choices = [("", "—"), *choices]


class FindingResolveForm(VersionedFormMixin, forms.Form):
    resolution_note = forms.CharField(
        label=_("Why it is resolved"),
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class PlanActionForm(VersionedFormMixin, forms.Form):
    """Accept or cancel: nothing to type, but it must act on the plan the user saw."""


class SessionDatesForm(VersionedFormMixin, forms.Form):
    """One date field per planned session of a proposed plan."""

    def __init__(self, *args: Any, sessions: list[Any], calendar: Any = None, **kwargs: Any) -> None:
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


class SessionNotesForm(VersionedModelForm):
    """What a recorded session says; corrected later on its own page."""

    class Meta:
        model = TreatmentSession
        fields = list(TreatmentSession.NOTES_FIELDS)
        widgets = {
            "held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "pain_before": forms.NumberInput(attrs={"min": 0, "max": 10}),
            "pain_after": forms.NumberInput(attrs={"min": 0, "max": 10}),
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
        self.fields["held_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

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

    def __init__(self, *args: Any, open_sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_sessions = {session.pk: session for session in open_sessions}
        self.fields["planned_session"].choices = [("", _("unplanned"))] + [
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

    def clean_planned_session(self) -> Any:
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
        self.fields["muscle"].choices = [("", "—"), *muscle_choices]
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
            self.fields[intensity_field(slug)] = forms.IntegerField(
                label=name,
                required=False,
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(attrs={"min": 0, "max": 10}),
            )

    def intensities(self) -> dict[str, int]:
        return {
            name.removeprefix("intensity-"): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


# The second factor (security checklist A4) ------------------------------------------------------

UNIFORM_LOGIN_ERROR = _("User name, password or one-time code is not correct.")


class OneTimeCodeInput(forms.TextInput):
    """A code is used once: a refused form shows the field empty, like a password field, and the
    page after a wrong password reads the same as after a wrong code."""

    def format_value(self, value: Any) -> None:
        return None


def one_time_code_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("One-time code"),
        required=required,
        max_length=32,
        strip=True,
        help_text=_("Six digits from your authenticator app, or one of your printed recovery codes."),
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SecondFactorLoginForm(AuthenticationForm):
    """User name, password and one-time code on one page, with one message for any mistake.

    Whether the password was right is never told apart from whether the code was: both end in the
    same message, the same failed log-in signal (django-axes counts it; the audit log records it).
    Someone without a confirmed device yet logs in with the password only and is then sent to
    enrolment (SecondFactorMiddleware); with the requirement off, a code is checked only if given.
    """

    otp_token = one_time_code_field(required=False)

    error_messages = {"invalid_login": UNIFORM_LOGIN_ERROR, "inactive": UNIFORM_LOGIN_ERROR}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # the password; raises the uniform error
        user = self.get_user()
        if user is not None:
            user.otp_device = self._second_factor(user)  # django-otp stores it in the session at log-in
        return cleaned

    def _second_factor(self, user: Any) -> Any:
        from triggerfinder.security import second_factor

        code = self.cleaned_data.get("otp_token", "")
        if not second_factor.is_available():
            return None  # a host project without django-otp: the password alone, as the check warns
        if not code and not (second_factor.is_required() and second_factor.is_enrolled(user)):
            return None
        device = second_factor.matching_device(user, code)
        if device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            self.user_cache = None
            raise self.get_invalid_login_error()
        return device


class OneTimeCodeForm(forms.Form):
    """The code alone: to confirm a new authenticator app, or to verify a session."""

    otp_token = one_time_code_field(required=True)
