"""The iCalendar writer (``presentation.ics``): ``icalendar`` parses what it wrote back, and
``recurring_ical_events`` (an independent reader) lists the events between two dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from icalendar.parser import Contentline

from triggerfinder.core.calendar import CalendarEvent
from triggerfinder.presentation.ics import calendar_ics

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 2, 1, 9, 30, tzinfo=BERLIN)
TRICKY = "Łukasz Öztürk & Söhne <GmbH>; a, b\\c\nzweite Zeile"
LONG_GERMAN = (
    "Triggerpunkt-Behandlung: Musculus trapezius (Pars descendens) und Musculus levator scapulae 💆‍♀️🔥 — "
    "Übungen für Schultergürtel, Nackenstrecker & Kaumuskulatur; danach Wärme, Dehnung, Selbstmassage 🧘"
)

# Both sides of the 2026 DST changes in Berlin (29 March and 25 October).
STARTS = [
    datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN),
    datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN),
    datetime(2026, 10, 24, 16, 15, tzinfo=BERLIN),
    datetime(2026, 10, 26, 8, 0, tzinfo=BERLIN),
]


def make_events() -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid=f"plan-12-session-{number}@triggerfinder",
            start=start,
            duration=timedelta(minutes=45 if number % 2 else 60),
            summary=f"Sitzung {number}",
            description="Nacken und Schultern" if number == 1 else "",
            location="Praxis Hartmann, Hauptstraße 1" if number == 2 else "",
            sequence=number - 1,
        )
        for number, start in enumerate(STARTS, start=1)
    ]


def render(events: list[CalendarEvent], **kwargs: object) -> str:
    body = calendar_ics(events, calendar_name="Behandlungsplan Erika", stamp=STAMP, **kwargs)  # type: ignore[arg-type]
    assert isinstance(body, bytes)
    return body.decode("utf-8")


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_parses_with_icalendar_and_keeps_every_event() -> None:
    events = make_events()
    calendar = parse(render(events))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//triggerfinder//triggerfinder//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Behandlungsplan Erika"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"

    parsed = calendar.walk("VEVENT")
    assert [str(vevent["UID"]) for vevent in parsed] == [event.uid for event in events]
    for event, vevent in zip(events, parsed, strict=True):
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert vevent["DTEND"].params["TZID"] == "Europe/Berlin"
        assert start == event.start
        assert (start.replace(tzinfo=None), start.utcoffset()) == (
            event.start.replace(tzinfo=None),
            event.start.utcoffset(),
        )
        assert end == event.start + event.duration
        assert end - start == event.duration
        assert vevent["DTSTAMP"].dt == STAMP
        assert vevent["DTSTAMP"].dt.tzinfo is not None and vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
        assert vevent["SEQUENCE"] == event.sequence
        assert str(vevent["SUMMARY"]) == event.summary
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert str(vevent["TRANSP"]) == "OPAQUE"
        assert ("DESCRIPTION" in vevent) == bool(event.description)
        assert ("LOCATION" in vevent) == bool(event.location)
    assert str(parsed[0]["DESCRIPTION"]) == "Nacken und Schultern"
    assert str(parsed[1]["LOCATION"]) == "Praxis Hartmann, Hauptstraße 1"


def test_raw_lines_use_berlin_wall_time_and_utc_stamp() -> None:
    text = unfold(render(make_events()))
    assert "DTSTART;TZID=Europe/Berlin:20260328T100000\r\n" in text
    assert "DTEND;TZID=Europe/Berlin:20260328T104500\r\n" in text
    assert "DTSTART;TZID=Europe/Berlin:20260330T100000\r\n" in text
    assert "DTSTART;TZID=Europe/Berlin:20261024T161500\r\n" in text
    assert "DTSTART;TZID=Europe/Berlin:20261026T080000\r\n" in text
    assert "DTSTAMP:20260201T083000Z\r\n" in text


def test_vtimezone_matches_the_tz_database() -> None:
    text = render(make_events())
    calendar = parse(text)
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    # Build a tzinfo from the VTIMEZONE alone (no lookup by name) and compare it with the tz database.
    from_vtimezone = vtimezone.to_tz(lookup_tzid=False)
    for moment in [
        *STARTS,
        datetime(2026, 1, 5, 12, tzinfo=BERLIN),
        datetime(2026, 12, 31, 23, tzinfo=BERLIN),
    ]:
        naive = moment.replace(tzinfo=None)
        assert naive.replace(tzinfo=from_vtimezone).utcoffset() == moment.utcoffset(), moment


@pytest.mark.parametrize(
    "zone_name", ["America/New_York", "Australia/Sydney", "Europe/London", "Asia/Kolkata", "UTC"]
)
def test_other_zones_get_a_matching_vtimezone(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    events = make_events()
    text = render(events, timezone_name=zone_name)
    calendar = parse(text)
    from_vtimezone = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    for day in range(0, 365, 3):
        moment = datetime(2026, 1, 1, 12, tzinfo=zone) + timedelta(days=day)
        assert moment.replace(tzinfo=from_vtimezone).utcoffset() == moment.utcoffset(), moment
    for event, vevent in zip(events, calendar.walk("VEVENT"), strict=True):
        assert vevent["DTSTART"].dt == event.start
        assert vevent["DTSTART"].dt.replace(tzinfo=None) == event.start.astimezone(zone).replace(tzinfo=None)


def test_unknown_zone_raises_value_error() -> None:
    with pytest.raises(ValueError, match="Unknown time zone"):
        render(make_events(), timezone_name="Mars/Olympus_Mons")


def test_a_zone_without_yearly_rules_is_written_too() -> None:
    # Morocco suspends DST for Ramadan, which no yearly weekday rule expresses; icalendar lists the
    # changes one by one.
    zone = ZoneInfo("Africa/Casablanca")
    from_vtimezone = parse(render(make_events(), timezone_name="Africa/Casablanca")).walk("VTIMEZONE")[0]
    tz = from_vtimezone.to_tz(lookup_tzid=False)
    for day in range(0, 365, 5):
        moment = datetime(2026, 1, 1, 12, tzinfo=zone) + timedelta(days=day)
        assert moment.replace(tzinfo=tz).utcoffset() == moment.utcoffset(), moment


def test_start_in_another_zone_is_converted_to_berlin() -> None:
    event = CalendarEvent(
        "utc@triggerfinder", datetime(2026, 7, 1, 7, 0, tzinfo=UTC), timedelta(hours=1), "x"
    )
    text = unfold(render([event]))
    assert "DTSTART;TZID=Europe/Berlin:20260701T090000\r\n" in text
    assert "DTEND;TZID=Europe/Berlin:20260701T100000\r\n" in text
    assert parse(text).walk("VEVENT")[0]["DTSTART"].dt == event.start


def test_second_pass_through_the_repeated_hour_keeps_the_right_instant() -> None:
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = first.replace(fold=1)
    events = [
        CalendarEvent("first@triggerfinder", first, timedelta(minutes=30), "erste"),
        CalendarEvent("second@triggerfinder", second, timedelta(minutes=30), "zweite"),
    ]
    text = render(events)
    # A local time with TZID means the first pass (RFC 5545, 3.3.5), so the second pass is written in UTC.
    assert "DTSTART;TZID=Europe/Berlin:20261025T023000\r\n" in text
    assert "DTSTART:20261025T013000Z\r\n" in text
    parsed = parse(text).walk("VEVENT")
    # Compare UTC instants: Python never finds an aware datetime in a repeated hour equal across zones.
    assert [vevent["DTSTART"].dt.astimezone(UTC) for vevent in parsed] == [
        first.astimezone(UTC),
        second.astimezone(UTC),
    ]
    assert parsed[0]["DTSTART"].dt.utcoffset() == timedelta(hours=2)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)


def test_every_line_ends_with_crlf() -> None:
    text = render(make_events())
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert text.count("\n") == text.count("\r\n") == text.count("\r")


def test_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    event = CalendarEvent(
        "long@triggerfinder",
        STARTS[0],
        timedelta(minutes=60),
        summary=LONG_GERMAN,
        description=LONG_GERMAN * 2,
        location="Größenwahnsinnige Straße 🏥 " * 5,
    )
    text = render([event])
    raw_lines = text.encode("utf-8").split(b"\r\n")
    assert max(len(line) for line in raw_lines) <= 75
    for line in raw_lines:
        line.decode("utf-8")  # a split inside a multi-byte character would make this fail
    assert sum(line.startswith(b" ") for line in raw_lines) >= 8  # folding really happened

    unfolded = unfold(text)
    summary_line = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    expected = LONG_GERMAN.replace(",", "\\,").replace(";", "\\;")
    assert summary_line == "SUMMARY:" + expected

    vevent = parse(text).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == LONG_GERMAN
    assert str(vevent["DESCRIPTION"]) == LONG_GERMAN * 2
    assert str(vevent["LOCATION"]) == event.location


def test_escaping_round_trips_through_icalendar() -> None:
    event = CalendarEvent(
        "escape@triggerfinder", STARTS[1], timedelta(minutes=45), TRICKY, description=TRICKY, location=TRICKY
    )
    text = calendar_ics([event], calendar_name=TRICKY, stamp=STAMP).decode()
    assert "SUMMARY:Łukasz Öztürk & Söhne <GmbH>\\; a\\, b\\\\c\\nzweite Zeile\r\n" in unfold(text)

    calendar = parse(text)
    # icalendar keeps unknown X- properties raw, so let its content-line parser unescape that one.
    name_line = next(line for line in unfold(text).split("\r\n") if line.startswith("X-WR-CALNAME:"))
    assert Contentline(name_line).parts()[2] == TRICKY
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == TRICKY
    assert str(vevent["DESCRIPTION"]) == TRICKY
    assert str(vevent["LOCATION"]) == TRICKY


def test_windows_line_breaks_become_a_single_escaped_newline() -> None:
    event = CalendarEvent("crlf@triggerfinder", STARTS[0], timedelta(minutes=45), "eins\r\nzwei\rdrei\x00")
    text = render([event])
    assert "SUMMARY:eins\\nzwei\\ndrei\r\n" in text
    assert str(parse(text).walk("VEVENT")[0]["SUMMARY"]) == "eins\nzwei\ndrei"


def test_output_is_deterministic_and_sorted_by_start_then_uid() -> None:
    events = make_events()
    same_start = CalendarEvent("a-first@triggerfinder", STARTS[2], timedelta(minutes=45), "gleichzeitig")
    shuffled = [events[3], same_start, events[0], events[2], events[1]]

    first = render([*events, same_start])
    assert render([*events, same_start]) == first
    assert render(shuffled) == first
    assert render(tuple(reversed(shuffled))) == first

    uids = [str(vevent["UID"]) for vevent in parse(first).walk("VEVENT")]
    assert uids == [
        "plan-12-session-1@triggerfinder",
        "plan-12-session-2@triggerfinder",
        "a-first@triggerfinder",
        "plan-12-session-3@triggerfinder",
        "plan-12-session-4@triggerfinder",
    ]


def test_naive_datetimes_raise_value_error() -> None:
    naive_event = CalendarEvent(
        "naive@triggerfinder", datetime(2026, 3, 28, 10, 0), timedelta(minutes=45), "x"
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        render([naive_event])
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar_ics(make_events(), calendar_name="x", stamp=datetime(2026, 2, 1, 9, 30))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration": timedelta(0)}, "positive duration"),
        ({"sequence": -1}, "SEQUENCE"),
        ({"uid": " "}, "non-empty UID"),
    ],
)
def test_invalid_events_raise_value_error(change: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "uid": "x@triggerfinder",
        "start": STARTS[0],
        "duration": timedelta(minutes=45),
        "summary": "x",
        **change,
    }
    with pytest.raises(ValueError, match=message):
        render([CalendarEvent(**values)])  # type: ignore[arg-type]


def test_duplicate_uids_raise_value_error() -> None:
    event = make_events()[0]
    with pytest.raises(ValueError, match="Duplicate event UID"):
        render([event, event])


def test_empty_event_list_is_still_a_valid_calendar() -> None:
    text = render([])
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    calendar = parse(text)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]) == "-//triggerfinder//triggerfinder//EN"
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert calendar.errors == []


def test_cancelled_events_stay_in_the_file_as_cancelled() -> None:
    kept = CalendarEvent("kept@triggerfinder", STARTS[0], timedelta(minutes=45), "bleibt", sequence=2)
    gone = CalendarEvent(
        "gone@triggerfinder", STARTS[1], timedelta(minutes=45), "abgesagt", sequence=3, cancelled=True
    )
    vevents = {str(v["UID"]): v for v in parse(render([kept, gone])).walk("VEVENT")}
    assert str(vevents["kept@triggerfinder"]["STATUS"]) == "CONFIRMED"
    assert str(vevents["gone@triggerfinder"]["STATUS"]) == "CANCELLED"
    assert str(vevents["gone@triggerfinder"]["TRANSP"]) == "TRANSPARENT"  # the time is free again
    assert vevents["gone@triggerfinder"]["SEQUENCE"] == 3


def test_an_independent_reader_finds_the_events_between_two_dates_over_the_dst_changes() -> None:
    """recurring_ical_events (built on icalendar, but with its own time-zone handling through
    x-wr-timezone and its own range query) sees the same instants and wall times."""
    events = make_events()
    calendar = parse(render(events))
    found = recurring_ical_events.of(calendar).between(datetime(2026, 3, 27), datetime(2026, 3, 31))
    assert sorted(str(e["UID"]) for e in found) == [events[0].uid, events[1].uid]
    spring = {str(e["UID"]): e for e in found}
    before, after = spring[events[0].uid]["DTSTART"].dt, spring[events[1].uid]["DTSTART"].dt
    assert (before.hour, before.utcoffset()) == (10, timedelta(hours=1))  # CET
    assert (after.hour, after.utcoffset()) == (10, timedelta(hours=2))  # CEST
    autumn = recurring_ical_events.of(calendar).between(datetime(2026, 10, 24), datetime(2026, 10, 27))
    assert [(e["DTSTART"].dt.hour, e["DTSTART"].dt.utcoffset()) for e in autumn] == [
        (16, timedelta(hours=2)),
        (8, timedelta(hours=1)),
    ]
    assert recurring_ical_events.of(calendar).between(datetime(2026, 4, 1), datetime(2026, 10, 1)) == []


def test_a_feed_says_how_often_to_fetch_it_again() -> None:
    calendar = parse(render(make_events(), refresh_interval=timedelta(hours=1)))
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert "X-PUBLISHED-TTL:PT1H\r\n" in render([], refresh_interval=timedelta(hours=1))
    assert "REFRESH-INTERVAL" not in render(make_events())
