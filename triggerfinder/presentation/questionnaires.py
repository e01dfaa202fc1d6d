"""The client's questionnaire answers as the intake page shows them (issue 18): which fields came
from the client, and the contact details the client typed beside the record's."""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from triggerfinder.core import questionnaire
from triggerfinder.core.knowledge import KnowledgeSnapshot

DURATION_CHOICES = [
    (questionnaire.UNDER_6_WEEKS, _("Less than 6 weeks")),
    (questionnaire.WEEKS_6_TO_12, _("6 to 12 weeks")),
    (questionnaire.MONTHS_3_TO_12, _("3 months to a year")),
    (questionnaire.OVER_A_YEAR, _("More than a year")),
]
CONTACT_LABELS = {
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "date_of_birth": _("Date of birth"),
}


class Answered(Protocol):
    """A questionnaire as read here (``Questionnaire``)."""

    pk: Any
    answers: Any
    submitted_at: Any


def _recorded(client: Any, name: str) -> str:
    value = getattr(client, name, None)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def draft_dict(draft: Answered, client: Any, snapshot: KnowledgeSnapshot, language: str) -> dict[str, Any]:
    """What the intake page marks "from the client": the regions and intensities, the span of the
    pain, each screening answer ("yes" or "no"), and the contact rows (typed vs the record, ``differs`` where the
    therapist may take the client's value over)."""
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    regions = {
        slug: value for slug, value in questionnaire.regions_of(answers).items() if slug in snapshot.regions
    }
    screening = {
        slug: value
        for slug, value in questionnaire.screening_of(answers).items()
        if slug in snapshot.contraindications
    }
    spans = dict(DURATION_CHOICES)
    span = str(answers.get("duration", ""))
    typed = questionnaire.contact_of(answers)
    contact = [
        {
            "name": name,
            "label": CONTACT_LABELS[name],
            "typed": typed.get(name, ""),
            "recorded": _recorded(client, name),
            "differs": bool(typed.get(name)) and typed.get(name) != _recorded(client, name),
        }
        for name in questionnaire.CONTACT_FIELDS
    ]
    return {
        "pk": draft.pk,
        "submitted_at": draft.submitted_at,
        "regions": regions,
        "region_names": {slug: snapshot.regions[slug].name.get(language) for slug in regions},
        "answers": screening,
        "duration": spans.get(span, ""),
        "duration_months": questionnaire.duration_months(span),
        "contact": contact,
        "contact_differs": any(row["differs"] for row in contact),
    }
