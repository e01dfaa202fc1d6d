"""The client's questionnaire before the first visit: the plain rules of its answers (issue 18).

A client cannot say "17 months"; they pick a span. Each span stands for the number of months the
intake records (``Intake.duration_months``), chosen on the side of the span that plans the same
cycle as the truth would: "3 months to a year" is 3 (chronic, IASP), "over a year" 12 (the long
cycle), so a draft never plans a shorter cycle than the pain's real duration calls for. The
therapist confirms or corrects the number on the intake.

The answers are stored as plain JSON (``Questionnaire.answers``): ``contact`` (the contact details
typed), ``regions`` (slug -> intensity 1–10), ``duration`` (a span below) and ``screening``
(contraindication slug -> yes True / no False).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

UNDER_6_WEEKS = "under-6-weeks"
WEEKS_6_TO_12 = "6-12-weeks"
MONTHS_3_TO_12 = "3-12-months"
OVER_A_YEAR = "over-a-year"

# Span -> the months the intake records for it.
DURATION_MONTHS: Mapping[str, int] = {
    UNDER_6_WEEKS: 1,
    WEEKS_6_TO_12: 2,
    MONTHS_3_TO_12: 3,
    OVER_A_YEAR: 12,
}
DURATIONS = tuple(DURATION_MONTHS)

# What a client types about themselves; the names are the Client model's fields.
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth")


def duration_months(span: str) -> int | None:
    """The months the intake records for a span; None for anything unknown."""
    return DURATION_MONTHS.get(span)


def regions_of(answers: Mapping[str, Any]) -> dict[str, int]:
    """The painful regions with their intensities, only well-formed entries (the JSON is ours, but
    stored: it is read defensively)."""
    regions = answers.get("regions")
    if not isinstance(regions, Mapping):
        return {}
    return {
        slug: value
        for slug, value in regions.items()
        if isinstance(slug, str)
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= 10
    }


def screening_of(answers: Mapping[str, Any]) -> dict[str, bool]:
    """The screening answers: slug -> True (yes) or False (no)."""
    given = answers.get("screening")
    if not isinstance(given, Mapping):
        return {}
    return {slug: value for slug, value in given.items() if isinstance(slug, str) and isinstance(value, bool)}


def contact_of(answers: Mapping[str, Any]) -> dict[str, str]:
    """The contact details typed, as strings ("" for none)."""
    contact = answers.get("contact")
    if not isinstance(contact, Mapping):
        return {}
    return {name: str(contact.get(name) or "") for name in CONTACT_FIELDS}
