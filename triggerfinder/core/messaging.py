"""The rules of the practice's messages to clients (issue 18), as plain data.

What a notice says is decided when it is sent, from the appointment as the client last heard of it
(the baseline) and as it is now: a quick correction (booked, then moved five minutes later) says
one thing, and a booking cancelled within the grace period says nothing at all. Failed sends are
retried on a growing back-off; the practice's own words may use a few named placeholders and
nothing else, so a text can never reach into an object or format anything but plain strings.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

BOOKED = "booked"
MOVED = "moved"
CANCELLED = "cancelled"
REMINDER = "reminder"
QUESTIONNAIRE = "questionnaire"  # the link to the questionnaire before the first visit
NOTICES = (BOOKED, MOVED, CANCELLED)
KINDS = (REMINDER, *NOTICES)

# A reminder the safety gate holds back (a red flag or a postponement found after the booking):
# not sent, and listed for the practice lead, who calls the client instead.
HELD_BY_GATE = "held-by-safety-gate"

# Minutes after the first, second, … failed attempt before the next one; then it has failed.
RETRY_MINUTES = (1, 5, 15, 60, 180)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1

# The placeholders the practice's texts may use, and nothing else.
PLACEHOLDERS = ("first_name", "date", "time", "therapist", "practice")


@dataclass(frozen=True)
class Slot:
    """An appointment as the client hears of it: when, where, with whom, and whether it holds."""

    start: datetime
    minutes: int
    therapist: str
    place: str
    active: bool


def notice_to_send(baseline: Slot | None, current: Slot) -> str | None:
    """What a notice says, or None when, after all the changes of its grace period, nothing the
    client knew has changed (``baseline`` is None: the client had not heard of it yet)."""
    known = baseline is not None and baseline.active
    if not known:
        return BOOKED if current.active else None
    if not current.active:
        return CANCELLED
    assert baseline is not None
    same = (baseline.start, baseline.minutes, baseline.therapist, baseline.place) == (
        current.start,
        current.minutes,
        current.therapist,
        current.place,
    )
    return None if same else MOVED


def reminder_due(start: datetime, lead_hours: int) -> datetime:
    return start - timedelta(hours=lead_hours)


def reminder_wanted(start: datetime, lead_hours: int, now: datetime) -> bool:
    """A reminder is sent only while its time is still ahead: an appointment booked for tomorrow
    morning at 18:00 today gets its booking notice, not a second message straight after it."""
    return reminder_due(start, lead_hours) > now


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after ``attempts`` failed attempts, or None once no attempt is left."""
    if attempts < 1 or attempts >= MAX_ATTEMPTS:
        return None
    return timedelta(minutes=RETRY_MINUTES[attempts - 1])


@dataclass(frozen=True)
class TextProblem:
    code: str  # "unknown", "syntax", "format" (a conversion or format spec), "positional"
    name: str = ""


def text_problems(text: str) -> list[TextProblem]:
    """Why a practice's text cannot be used: only ``{name}`` with a known name is allowed
    (``{{`` and ``}}`` for literal braces); no attributes, indexes, conversions or formats."""
    problems: list[TextProblem] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [TextProblem("syntax")]
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field == "" or field.isdigit():
            problems.append(TextProblem("positional"))
        elif field not in PLACEHOLDERS:
            problems.append(TextProblem("unknown", field))
        elif spec or conversion:
            problems.append(TextProblem("format", field))
    return problems


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with its placeholders filled; a text with problems is refused (the settings form
    checked it, so this only guards against a value written past the form)."""
    if text_problems(text):
        raise ValueError("the text has placeholders that cannot be filled")
    return text.format_map({name: str(values.get(name, "")) for name in PLACEHOLDERS})
