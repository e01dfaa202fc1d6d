"""The calendar exports' pure rules (``core.calendar``): UIDs, SEQUENCE, initials, the feed's
window and secret, wall times and the checks of the events. The document itself is tested in
tests/presentation/test_ics.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from triggerfinder.core import calendar

BERLIN = ZoneInfo("Europe/Berlin")


def test_an_appointment_keeps_one_uid_for_its_whole_life() -> None:
    assert calendar.appointment_uid(42, "praxis-hartmann") == "appointment-42@praxis-hartmann.triggerfinder"
    assert calendar.appointment_uid(42, "") == "appointment-42@practice.triggerfinder"
    assert calendar.appointment_uid(42, "x") != calendar.appointment_uid(43, "x")


@pytest.mark.parametrize(("version", "sequence"), [(1, 0), (2, 1), (7, 6), (0, 0)])
def test_the_sequence_counts_the_saves_after_the_first(version: int, sequence: int) -> None:
    assert calendar.appointment_sequence(version) == sequence


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("Łukasz", "Öztürk", "Ł. Ö."),
        ("łukasz", "öztürk & Söhne <GmbH>", "Ł. Ö."),
        ("  Anna-Lena", "\n<b>Müller</b>", "A. B."),
        ("", "Weber", "W."),
        ("", "", "?"),
        ("<>", ";,", "?"),
    ],
)
def test_initials_are_the_first_letters(first: str, last: str, shown: str) -> None:
    assert calendar.initials(first, last) == shown


def test_the_feed_window_is_a_month_back_and_half_a_year_ahead() -> None:
    assert calendar.feed_window(date(2026, 12, 2)) == (date(2026, 11, 2), date(2027, 5, 31))


def test_only_the_digest_of_the_token_is_kept_and_it_matches_only_that_token() -> None:
    digest = calendar.token_digest("secret-token")
    assert len(digest) == 64 and "secret" not in digest
    assert calendar.matches_token(digest, "secret-token")
    assert not calendar.matches_token(digest, "secret-tokem")
    assert not calendar.matches_token(digest, "")


def test_clean_text_keeps_one_line_feed_per_break_and_drops_control_characters() -> None:
    assert calendar.clean_text("a\r\nb\rc\nd\x00\x07\te") == "a\nb\nc\nd\te"


def test_wall_time_is_local_except_in_the_second_pass_of_the_repeated_hour() -> None:
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = first.replace(fold=1)
    assert calendar.wall_time(first, BERLIN).tzinfo is BERLIN
    assert calendar.wall_time(second, BERLIN) == second.astimezone(UTC)
    assert calendar.wall_time(second, BERLIN).tzinfo is UTC
    summer = datetime(2026, 7, 1, 7, tzinfo=UTC)
    assert calendar.wall_time(summer, BERLIN).hour == 9


def test_ordered_events_sort_by_instant_then_uid_and_refuse_duplicates() -> None:
    def event(uid: str, start: datetime) -> calendar.CalendarEvent:
        return calendar.CalendarEvent(uid, start, timedelta(minutes=30), "x")

    later = event("a", datetime(2026, 7, 1, 10, tzinfo=BERLIN))
    earlier = event("b", datetime(2026, 7, 1, 8, 30, tzinfo=UTC))  # 10:30 in Berlin
    same = event("c", datetime(2026, 7, 1, 10, tzinfo=BERLIN))
    assert [e.uid for e in calendar.ordered_events([same, earlier, later])] == ["a", "c", "b"]
    with pytest.raises(ValueError, match="Duplicate"):
        calendar.ordered_events([later, later])
