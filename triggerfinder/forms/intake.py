"""The intake: what the suggested plan depends on, the screening questions, and the intake itself."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from triggerfinder.core import bounds, screening
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.core.slots import Wishes, window_is_valid
from triggerfinder.forms.fields import RegionChoiceField, bounded_integer_field, field_of, intensity_field


class PlanInputsForm(forms.Form):
    """Everything the suggested plan depends on. The intake page, its live preview and the
    plan-preview API all read it, so each rule of valid input lives here once."""

    region = RegionChoiceField(
        label=_("Painful regions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown region “%(value)s”.")},
    )
    duration_months = bounded_integer_field(
        bounds.DURATION_MONTHS,
        label=_("Pain for (months)"),
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

    # The client's appointment wishes ("Terminwünsche"): none ticked means any weekday.
    wish_weekdays = forms.TypedMultipleChoiceField(
        label=_("Preferred weekdays"),
        required=False,
        coerce=int,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any weekday."),
        error_messages={"invalid_choice": _("Unknown weekday “%(value)s”.")},
    )
    wish_after = forms.TimeField(
        label=_("Not before"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("The earliest start of a session; empty: any."),
    )
    wish_before = forms.TimeField(
        label=_("Ending by"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("The latest end of a session; empty: any."),
    )

    WISH_FIELDS = ("wish_weekdays", "wish_after", "wish_before")

    def __init__(
        self,
        *args: Any,
        snapshot: KnowledgeSnapshot,
        today: datetime.date,
        language: str = "de",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot
        self.today = today
        self.language = language
        field_of(self, "region", RegionChoiceField).choices = [
            (s, r.name.get(language)) for s, r in snapshot.regions.items()
        ]
        field_of(self, "factor", forms.MultipleChoiceField).choices = [
            (s, f.name.get(language)) for s, f in snapshot.perpetuating_factors.items()
        ]
        field_of(self, "contraindication", forms.MultipleChoiceField).choices = [
            (s, c.label.get(language)) for s, c in snapshot.contraindications.items()
        ]
        for slug, region in snapshot.regions.items():
            self.fields[intensity_field(slug)] = bounded_integer_field(
                bounds.PAIN,
                label=_("Intensity of %(region)s (0–10)") % {"region": region.name.get(language)},
                required=False,
                widget=forms.NumberInput(attrs={"step": 1, "class": "tf-intensity"}),
            )

    def clean_start(self) -> datetime.date | None:
        start = self.cleaned_data.get("start")
        if start and start < self.today - bounds.PROPOSAL_START.past:
            raise forms.ValidationError(_("The start lies in the past; choose today or a later day."))
        if start and not bounds.PROPOSAL_START.contains(start, today=self.today):
            raise forms.ValidationError(_("The start lies more than a year ahead."))
        return start

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
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
        if not window_is_valid(cleaned.get("wish_after"), cleaned.get("wish_before")):
            self.add_error("wish_before", _("The wished window must end after it starts."))
        return cleaned

    def wishes(self) -> Wishes:
        """The wishes typed so far (invalid ones count as none)."""
        cleaned = getattr(self, "cleaned_data", {})
        after, before = cleaned.get("wish_after"), cleaned.get("wish_before")
        if not window_is_valid(after, before):
            after = before = None
        return Wishes(frozenset(cleaned.get("wish_weekdays") or ()), after=after, before=before)

    def region_rows(self) -> list[dict[str, Any]]:
        """Each region with its checkbox state and intensity field, parents before their parts."""
        chosen = set(self["region"].value() or [])
        labels = {slug: region.name.get(self.language) for slug, region in self.snapshot.regions.items()}
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


YES, NO = "yes", "no"

if TYPE_CHECKING:
    _PlanInputs = PlanInputsForm  # what the mixin is mixed into
else:
    _PlanInputs = object


def answer_field(slug: str) -> str:
    return f"answer-{slug}"


class ScreeningQuestionsMixin(_PlanInputs):
    """The screening as questions answered yes or no, grouped by body area (core.screening): the
    general ones always, the others for the areas that hurt. ``contraindication`` (the findings
    present) is derived from the yes answers. With ``require_answers`` every question shown must be
    answered: "not asked" is never "no"."""

    require_answers = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
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
        chosen = self["region"].value() or []
        return [slug for slug in chosen if slug in self.snapshot.regions]

    def question_groups(self) -> tuple[screening.QuestionGroup, ...]:
        return screening.questions_for(self.snapshot, self.chosen_regions())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
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
                self.add_error(answer_field(slug), _("Answer yes or no."))
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
                    "field": self[answer_field(found.slug)],
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
        return sum(1 for slug in self.snapshot.contraindications if answer_field(slug) in self.errors)


class IntakePreviewForm(ScreeningQuestionsMixin, PlanInputsForm):
    """The intake page's live preview: the answers given so far decide, open questions are shown."""

    require_answers = False


class IntakeForm(ScreeningQuestionsMixin, PlanInputsForm):
    overall_pain = bounded_integer_field(bounds.PAIN, label=_("Overall pain today (0–10)"))
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
