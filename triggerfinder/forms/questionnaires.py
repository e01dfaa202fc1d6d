"""The questionnaire a new client fills in before the first visit (issue 18), and its answers as
the intake page's initial data.

The regions with their intensities and the screening questions are the intake's own
(``PlanInputsForm``, ``ScreeningQuestionsMixin``), so each rule of valid input lives once; what a
client cannot be asked (factors, contraindications ticked, the plan's start, appointment wishes,
months of pain) is left out, and each question reads in plain words
(``Contraindication.plain_label``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from triggerfinder.conf import conf
from triggerfinder.core import questionnaire
from triggerfinder.forms.fields import intensity_field
from triggerfinder.forms.intake import NO, YES, PlanInputsForm, ScreeningQuestionsMixin, answer_field
from triggerfinder.models.clients import validate_not_in_future
from triggerfinder.presentation.questionnaires import DURATION_CHOICES

# What the intake asks that a client alone does not answer.
NOT_ASKED = ("factor", "start", "duration_months", *PlanInputsForm.WISH_FIELDS)


class QuestionnaireForm(ScreeningQuestionsMixin, PlanInputsForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        validators=[validate_not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    duration = forms.ChoiceField(
        label=_("How long has it hurt?"),
        choices=DURATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long it has hurt.")},
    )

    # Health data need the client's explicit consent (Art. 9 GDPR) before they are stored at all;
    # the therapist records the consent for the treatment itself at the intake, as before.
    consent = forms.BooleanField(
        label=_(
            "I agree that my practice stores these answers to prepare my treatment. My therapist goes "
            "through them with me at the first visit; I can withdraw this agreement at any time."
        ),
        error_messages={"required": _("Without your agreement the practice cannot take your answers.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NOT_ASKED:
            del self.fields[name]
        for slug, found in self.snapshot.contraindications.items():
            field = self.fields[answer_field(slug)]
            field.label = found.plain_label(self.language)
        self.fields["region"].label = _("Where does it hurt?")
        for slug, region in self.snapshot.regions.items():
            self.fields[intensity_field(slug)].label = _("How strong is the pain in %(region)s (1–10)?") % {
                "region": region.name.get(self.language)
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("region") and "region" not in self.errors:
            self.add_error("region", _("Mark at least one place where it hurts."))
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The answers as stored (plain JSON, see ``core.questionnaire``)."""
        data = self.cleaned_data
        born = data.get("date_of_birth")
        return {
            "contact": {
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "email": data.get("email") or "",
                "phone": data.get("phone") or "",
                "date_of_birth": born.isoformat() if born else "",
            },
            "regions": dict(data["regions"]),
            "duration": data["duration"],
            "screening": dict(data["answers"]),
            "consent_version": conf.CONSENT_VERSION,
        }


def intake_initial(answers: dict[str, Any]) -> dict[str, Any]:
    """The intake page's initial data from a questionnaire's answers: regions with intensities,
    the months for the span, and each screening answer. The therapist confirms or corrects each."""
    regions = questionnaire.regions_of(answers)
    initial: dict[str, Any] = {"region": list(regions)}
    initial.update({intensity_field(slug): value for slug, value in regions.items()})
    months = questionnaire.duration_months(str(answers.get("duration", "")))
    if months is not None:
        initial["duration_months"] = months
    initial.update(
        {
            answer_field(slug): YES if present else NO
            for slug, present in questionnaire.screening_of(answers).items()
        }
    )
    return initial


def contact_changes(answers: Mapping[str, Any], post: Any) -> dict[str, Any]:
    """The contact details the therapist ticked (``take_contact``) to take over from the client's
    answers, as the client's fields; an empty typed value never clears the record."""
    typed = questionnaire.contact_of(answers)
    chosen = set(post.getlist("take_contact")) & set(questionnaire.CONTACT_FIELDS)
    changes: dict[str, Any] = {}
    for name in sorted(chosen):
        value = typed.get(name, "")
        if not value:
            continue
        if name == "date_of_birth":
            try:
                changes[name] = datetime.date.fromisoformat(value)
            except ValueError:
                continue
        else:
            changes[name] = value
    return changes
