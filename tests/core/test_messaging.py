"""The rules of the messages to clients (core/messaging.py): what a notice says after a grace
period's changes, when a reminder is due, the back-off, and the safe placeholders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from triggerfinder.core import messaging
from triggerfinder.core.messaging import BOOKED, CANCELLED, MOVED, Slot

T = datetime(2027, 3, 3, 9, tzinfo=UTC)


def slot(
    start: datetime = T,
    *,
    active: bool = True,
    minutes: int = 60,
    therapist: str = "Lena",
    place: str = "Praxis",
) -> Slot:
    return Slot(start=start, minutes=minutes, therapist=therapist, place=place, active=active)


@pytest.mark.parametrize(
    ("baseline", "current", "said"),
    [
        (None, slot(), BOOKED),  # a new booking
        (None, slot(T + timedelta(hours=2)), BOOKED),  # booked, then corrected: one booking notice
        (None, slot(active=False), None),  # booked and cancelled within the grace period
        (slot(), slot(T + timedelta(days=1)), MOVED),
        (slot(), slot(minutes=90), MOVED),
        (slot(), slot(therapist="Tobias"), MOVED),
        (slot(), slot(place="Praxis, Raum 2"), MOVED),
        (slot(), slot(), None),  # moved and moved back
        (slot(), slot(active=False), CANCELLED),
        (slot(active=False), slot(active=False), None),
    ],
)
def test_a_notice_says_what_changed_since_the_client_last_heard(baseline, current, said):
    assert messaging.notice_to_send(baseline, current) == said


def test_a_reminder_is_due_its_lead_time_before_and_only_while_that_is_ahead():
    assert messaging.reminder_due(T, 24) == T - timedelta(hours=24)
    assert messaging.reminder_wanted(T, 24, T - timedelta(hours=25))
    assert not messaging.reminder_wanted(T, 24, T - timedelta(hours=24))
    assert not messaging.reminder_wanted(T, 24, T - timedelta(hours=3))


def test_the_back_off_grows_and_ends():
    delays = [messaging.retry_delay(n) for n in range(1, messaging.MAX_ATTEMPTS + 1)]
    assert delays[:-1] == [timedelta(minutes=m) for m in messaging.RETRY_MINUTES]
    assert delays[-1] is None
    assert all(a < b for a, b in pairwise(delays[:-1]))
    assert messaging.retry_delay(0) is None


@pytest.mark.parametrize(
    "text", ["", "Bis bald!", "{first_name}, {date} {time} {therapist} {practice}", "{{Klammer}}"]
)
def test_known_placeholders_and_plain_text_are_fine(text):
    assert messaging.text_problems(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{client}", "unknown"),
        ("{first_name.__class__}", "unknown"),
        ("{first_name[0]}", "unknown"),
        ("{}", "positional"),
        ("{0}", "positional"),
        ("{date:%Y}", "format"),
        ("{time!r}", "format"),
        ("Hallo {first_name", "syntax"),
        ("Hallo }", "syntax"),
    ],
)
def test_anything_else_in_braces_is_refused(text, code):
    assert [p.code for p in messaging.text_problems(text)] == [code]


def test_fill_puts_in_the_values_as_plain_strings():
    values = {
        "first_name": "Łukasz <b>",
        "date": "3. März",
        "time": "10:00",
        "therapist": "Lena",
        "practice": "P",
    }
    assert messaging.fill("{first_name}: {date}, {time} {{ok}}", values) == "Łukasz <b>: 3. März, 10:00 {ok}"
    with pytest.raises(ValueError):
        messaging.fill("{first_name.__class__}", values)
