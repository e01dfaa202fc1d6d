"""The appointment book's pure core (issue 17): availability, slot search, a cycle, conflicts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerfinder.core.availability import (
    ABSENCE_ILLNESS,
    ABSENCE_TRAINING,
    REASON_ABSENCE,
    REASON_BUFFER,
    REASON_CLOSED,
    REASON_FULLY_BOOKED,
    REASON_NO_ROOM,
    REASON_NOT_WORKING_DAY,
    REASON_OUTSIDE_HOURS,
    REASON_OUTSIDE_WISHES,
    REASON_OVERLAP,
    REASON_PAST,
    REASON_PUBLIC_HOLIDAY,
    REASON_ROOM_TAKEN,
    REASON_TOO_EARLY,
    Absence,
    Availability,
    BusyIndex,
    ClosedDays,
    Conflict,
    Interval,
    WeeklyHours,
    conflicts,
    free_room,
    local_datetime,
)
from triggerfinder.core.slots import Slot, Wishes, find_slot, free_slots, schedule, window_is_valid

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
# Monday to Friday, 09:00–12:00 and 14:00–18:00.
HOURS = WeeklyHours({d: ((time(9), time(12)), (time(14), time(18))) for d in range(5)})
MONDAY = date(2026, 3, 2)
SAXONY_2026 = frozenset(
    {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 10, 3),
        date(2026, 10, 31),  # Reformation Day
        date(2026, 11, 18),  # Buß- und Bettag
        date(2026, 12, 25),
        date(2026, 12, 26),
    }
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    moment = local_datetime(day, time(hour, minute), BERLIN)
    assert moment is not None
    return moment


def appt(day: date, hour: int, minute: int = 0, minutes: int = 60, key: str = "a") -> Interval:
    start = at(day, hour, minute)
    return Interval(start, start + timedelta(minutes=minutes), key)


def availability(**kwargs: Any) -> Availability:
    return Availability(HOURS, BERLIN, **kwargs)


EARLY = datetime(2026, 1, 1, tzinfo=UTC)


def starts(slots: Sequence[Slot]) -> list[str]:
    return [s.start.strftime("%H:%M") for s in slots]


# Working hours and the grid.


def test_several_intervals_a_day_and_the_grid() -> None:
    slots = free_slots(MONDAY, duration=HOUR, availability=availability(), now=EARLY)
    assert starts(slots) == [
        "09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00",
        "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00",
        "16:15", "16:30", "16:45", "17:00",
    ]  # fmt: skip
    assert all(s.end - s.start == HOUR and s.room is None for s in slots)
    assert starts(free_slots(MONDAY, duration=HOUR, availability=availability(grid_minutes=60), now=EARLY)) == [
        "09:00", "10:00", "11:00", "14:00", "15:00", "16:00", "17:00",
    ]  # fmt: skip


def test_no_slot_on_a_day_without_hours() -> None:
    saturday = MONDAY + timedelta(days=5)
    assert free_slots(saturday, duration=HOUR, availability=availability(), now=EARLY) == []
    result = find_slot(
        saturday, duration=HOUR, availability=availability(), now=EARLY, tolerance_working_days=0
    )
    assert result.reasons == {saturday: REASON_NOT_WORKING_DAY}
    long = free_slots(MONDAY, duration=timedelta(hours=5), availability=availability(), now=EARLY)
    assert long == []


def test_a_range_of_days() -> None:
    slots = free_slots(
        MONDAY,
        MONDAY + timedelta(days=6),
        duration=HOUR,
        availability=availability(grid_minutes=60),
        now=EARLY,
    )
    assert len(slots) == 5 * 7
    assert {s.start.date() for s in slots} == {MONDAY + timedelta(days=n) for n in range(5)}


# The buffer.


def test_the_buffer_is_kept_on_both_sides() -> None:
    busy = [appt(MONDAY, 10)]
    slots = free_slots(
        MONDAY,
        duration=timedelta(minutes=45),
        availability=availability(buffer_minutes=15),
        now=EARLY,
        busy=busy,
    )
    # 09:00–09:45 leaves 15 minutes before 10:00; the next start is 11:15 (11:00 + 15).
    assert starts(slots)[:2] == ["09:00", "11:15"]
    assert "09:15" not in starts(slots) and "11:00" not in starts(slots)


def test_without_a_buffer_appointments_may_touch() -> None:
    busy = [appt(MONDAY, 10)]
    slots = free_slots(MONDAY, duration=HOUR, availability=availability(), now=EARLY, busy=busy)
    assert starts(slots)[:3] == ["09:00", "11:00", "14:00"]


# Absences and closed days.


def test_an_absence_blocks_its_time() -> None:
    training = Absence(at(MONDAY, 14), at(MONDAY, 16), ABSENCE_TRAINING)
    slots = free_slots(MONDAY, duration=HOUR, availability=availability(absences=(training,)), now=EARLY)
    assert "15:00" not in starts(slots)
    assert next(s for s in starts(slots) if s >= "14:00") == "16:00"


def test_a_whole_day_of_illness_gives_the_reason() -> None:
    ill = Absence(at(MONDAY, 0), at(MONDAY + timedelta(days=1), 0), ABSENCE_ILLNESS)
    av = availability(absences=(ill,))
    assert free_slots(MONDAY, duration=HOUR, availability=av, now=EARLY) == []
    result = find_slot(MONDAY, duration=HOUR, availability=av, now=EARLY)
    assert result.reasons == {MONDAY: REASON_ABSENCE}
    assert result.slot is not None and result.slot.start == at(MONDAY + timedelta(days=1), 9)


def test_saxony_2026_public_holidays() -> None:
    av = availability(closed=ClosedDays(public_holidays=SAXONY_2026), grid_minutes=60)
    slots = free_slots(date(2026, 1, 1), date(2026, 12, 31), duration=HOUR, availability=av, now=EARLY)
    days = {s.start.date() for s in slots}
    assert not days & SAXONY_2026
    assert date(2026, 4, 2) in days and date(2026, 4, 7) in days
    good_friday = find_slot(date(2026, 4, 3), duration=HOUR, availability=av, now=EARLY)
    # Easter Monday is skipped too: the next working day is Tuesday 7 April.
    assert good_friday.reasons == {date(2026, 4, 3): REASON_PUBLIC_HOLIDAY}
    assert good_friday.slot is not None and good_friday.slot.start == at(date(2026, 4, 7), 9)
    christmas = find_slot(date(2026, 12, 25), duration=HOUR, availability=av, now=EARLY)
    assert christmas.slot is not None and christmas.slot.start.date() == date(2026, 12, 28)


def test_a_weekly_cycle_skips_the_holidays() -> None:
    av = availability(closed=ClosedDays(public_holidays=SAXONY_2026))
    ideal = [date(2026, 3, 30) + timedelta(weeks=n) for n in range(10)]  # Mondays: Easter and Whit Monday
    results = schedule(ideal, duration=HOUR, availability=av, now=EARLY)
    days = [r.slot.start.date() for r in results if r.slot is not None]
    assert len(days) == 10 and not set(days) & SAXONY_2026
    assert days[1] == date(2026, 4, 7) and days[8] == date(2026, 5, 26)


def test_a_closing_day_of_the_practice() -> None:
    av = availability(closed=ClosedDays(closing_days=frozenset({MONDAY})))
    result = find_slot(MONDAY, duration=HOUR, availability=av, now=EARLY, tolerance_working_days=0)
    assert not result.found and result.reasons == {MONDAY: REASON_CLOSED}
    assert result.offers and result.offers[0].start == at(MONDAY + timedelta(days=1), 9)


# Never in the past.


def test_an_intake_in_the_evening_gets_nothing_today() -> None:
    now = at(MONDAY, 18, 47)
    assert free_slots(MONDAY, duration=HOUR, availability=availability(), now=now) == []
    result = find_slot(MONDAY, duration=HOUR, availability=availability(), now=now)
    assert result.reasons == {MONDAY: REASON_PAST}
    assert result.slot is not None and result.slot.start == at(MONDAY + timedelta(days=1), 9)


def test_later_today_starts_on_the_next_grid_point() -> None:
    slots = free_slots(MONDAY, duration=HOUR, availability=availability(), now=at(MONDAY, 10, 5))
    assert starts(slots)[0] == "10:15"
    assert (
        starts(free_slots(MONDAY, duration=HOUR, availability=availability(), now=at(MONDAY, 9)))[0]
        == "09:00"
    )


def test_not_before_a_day() -> None:
    result = find_slot(
        MONDAY, duration=HOUR, availability=availability(), now=EARLY, not_before=MONDAY + timedelta(days=1)
    )
    assert result.reasons == {MONDAY: REASON_TOO_EARLY}
    assert result.slot is not None and result.slot.start.date() == MONDAY + timedelta(days=1)


# Wishes.


def test_tuesdays_after_five() -> None:
    hours = WeeklyHours({**HOURS.days, 1: ((time(9), time(12)), (time(14), time(19)))})
    av = Availability(hours, BERLIN)
    wishes = Wishes(frozenset({1}), after=time(17))
    result = find_slot(MONDAY, duration=HOUR, availability=av, now=EARLY, wishes=wishes)
    assert result.slot is not None and result.slot.start == at(MONDAY + timedelta(days=1), 17)
    slots = free_slots(
        MONDAY, MONDAY + timedelta(days=6), duration=HOUR, availability=av, now=EARLY, wishes=wishes
    )
    assert starts(slots) == ["17:00", "17:15", "17:30", "17:45", "18:00"]


def test_a_window_bounds_the_end() -> None:
    slots = free_slots(
        MONDAY, duration=HOUR, availability=availability(), now=EARLY, wishes=Wishes(before=time(11))
    )
    assert starts(slots) == ["09:00", "09:15", "09:30", "09:45", "10:00"]


def test_outside_the_wishes_offers_ignore_them_and_say_so() -> None:
    wishes = Wishes(frozenset({5}))  # Saturdays, when the therapist does not work
    result = find_slot(MONDAY, duration=HOUR, availability=availability(), now=EARLY, wishes=wishes)
    assert not result.found
    assert set(result.reasons.values()) == {REASON_OUTSIDE_WISHES}
    assert result.offers and all(o.outside_wishes for o in result.offers)


# Tolerance, order of preference, reasons and offers.


def booked_day(day: date) -> list[Interval]:
    return [appt(day, h, key=f"{day}-{h}") for h in (9, 10, 11, 14, 15, 16, 17)]


def test_the_ideal_day_first_then_after_before_before() -> None:
    wednesday = MONDAY + timedelta(days=2)
    av = availability()
    first = find_slot(wednesday, duration=HOUR, availability=av, now=EARLY, busy=booked_day(wednesday))
    assert first.slot is not None and first.slot.start.date() == wednesday + timedelta(days=1)
    assert first.reasons == {wednesday: REASON_FULLY_BOOKED}
    busy = booked_day(wednesday) + booked_day(wednesday + timedelta(days=1))
    second = find_slot(wednesday, duration=HOUR, availability=av, now=EARLY, busy=busy)
    assert second.slot is not None and second.slot.start.date() == wednesday - timedelta(days=1)


def test_the_tolerance_counts_working_days() -> None:
    friday = MONDAY + timedelta(days=4)
    busy = booked_day(friday) + booked_day(friday + timedelta(days=3))
    result = find_slot(
        friday, duration=HOUR, availability=availability(), now=EARLY, busy=busy, tolerance_working_days=1
    )
    # After the weekend Monday is booked, so the day before (Thursday).
    assert result.slot is not None and result.slot.start.date() == friday - timedelta(days=1)


def test_no_slot_says_why_and_offers_the_nearest() -> None:
    wednesday = MONDAY + timedelta(days=2)
    busy = [b for d in range(5) for b in booked_day(MONDAY + timedelta(days=d))]
    result = find_slot(wednesday, duration=HOUR, availability=availability(), now=EARLY, busy=busy)
    assert not result.found and result.slot is None
    assert result.reasons == {MONDAY + timedelta(days=d): REASON_FULLY_BOOKED for d in range(5)}
    assert list(result.reasons) == [wednesday + timedelta(days=d) for d in (0, 1, -1, 2, -2)]
    offers = [o.start for o in result.offers]
    assert offers == [
        at(MONDAY + timedelta(days=7), 9),
        at(MONDAY - timedelta(days=3), 9),
        at(MONDAY + timedelta(days=8), 9),
    ]


def test_a_tolerance_of_zero() -> None:
    result = find_slot(
        MONDAY,
        duration=HOUR,
        availability=availability(),
        now=EARLY,
        busy=booked_day(MONDAY),
        tolerance_working_days=0,
    )
    assert not result.found and list(result.reasons) == [MONDAY]
    assert result.offers[0].start == at(MONDAY + timedelta(days=1), 9)
    with pytest.raises(ValueError):
        find_slot(MONDAY, duration=HOUR, availability=availability(), now=EARLY, tolerance_working_days=-1)


# Rooms.


def test_a_slot_needs_a_free_room() -> None:
    rooms = {"A": [appt(MONDAY, 9, key="x")], "B": [appt(MONDAY, 9, key="y"), appt(MONDAY, 10, key="z")]}
    slots = free_slots(
        MONDAY, duration=HOUR, availability=availability(grid_minutes=60), now=EARLY, rooms=rooms
    )
    assert [(s.start.strftime("%H:%M"), s.room) for s in slots][:3] == [
        ("10:00", "A"),
        ("11:00", "A"),
        ("14:00", "A"),
    ]
    assert free_room(at(MONDAY, 10), at(MONDAY, 11), rooms) == "A"
    assert free_room(at(MONDAY, 9), at(MONDAY, 10), rooms) is None


def test_all_rooms_taken_is_its_own_reason() -> None:
    rooms = {"A": [Interval(at(MONDAY, 0), at(MONDAY, 23), "x")]}
    result = find_slot(
        MONDAY, duration=HOUR, availability=availability(), now=EARLY, rooms=rooms, tolerance_working_days=0
    )
    assert result.reasons == {MONDAY: REASON_NO_ROOM}


def test_a_cycle_books_its_rooms() -> None:
    rooms = {"A": [], "B": []}
    ideal = [MONDAY, MONDAY + timedelta(days=7)]
    results = schedule(ideal, duration=HOUR, availability=availability(), now=EARLY, rooms=rooms)
    assert [r.slot.room for r in results if r.slot] == ["A", "A"]


# Daylight saving time.


NIGHT = WeeklyHours({6: ((time(0), time(6)),)})  # Sundays through the night, to meet the changes


def test_local_times_in_the_gap_and_the_overlap() -> None:
    assert local_datetime(date(2026, 3, 29), time(2, 30), BERLIN) is None
    twice = local_datetime(date(2026, 10, 25), time(2, 30), BERLIN)
    assert twice is not None and twice.utcoffset() == timedelta(hours=2)


def test_spring_forward_offers_no_time_that_does_not_exist() -> None:
    av = Availability(NIGHT, BERLIN)
    slots = free_slots(date(2026, 3, 29), duration=HOUR, availability=av, now=EARLY)
    labels = starts(slots)
    assert not [label for label in labels if label.startswith("02:")]
    assert labels[:5] == ["00:00", "00:15", "00:30", "00:45", "01:00"] and "03:00" in labels
    assert len(labels) == len(set(labels))
    assert all(s.end.astimezone(UTC) - s.start.astimezone(UTC) == HOUR for s in slots)
    # Five real hours (00:00 CET to 06:00 CEST): the last start is 05:00.
    assert labels[-1] == "05:00"


def test_fall_back_offers_no_time_twice() -> None:
    av = Availability(NIGHT, BERLIN)
    slots = free_slots(date(2026, 10, 25), duration=HOUR, availability=av, now=EARLY)
    labels = starts(slots)
    assert len(labels) == len(set(labels))
    assert labels.count("02:15") == 1
    assert all(s.start.fold == 0 for s in slots)
    assert all(s.end.astimezone(UTC) - s.start.astimezone(UTC) == HOUR for s in slots)


def test_working_days_around_the_changes_keep_their_wall_times() -> None:
    av = availability()
    for monday in (date(2026, 3, 30), date(2026, 10, 26)):
        slots = free_slots(monday - timedelta(days=3), monday, duration=HOUR, availability=av, now=EARLY)
        assert {s.start.strftime("%H:%M") for s in slots if s.start.date() == monday} == {
            s.start.strftime("%H:%M") for s in slots if s.start.date() == monday - timedelta(days=3)
        }
    assert at(date(2026, 3, 30), 9).astimezone(UTC).hour == 7
    assert at(date(2026, 3, 27), 9).astimezone(UTC).hour == 8


# A cycle.


def test_each_session_is_busy_for_the_next_and_none_share_a_day() -> None:
    results = schedule([MONDAY, MONDAY, MONDAY], duration=HOUR, availability=availability(), now=EARLY)
    days = [r.slot.start.date() for r in results if r.slot]
    assert days == [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]


def test_a_later_session_is_never_before_an_earlier_one() -> None:
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    busy = booked_day(tuesday) + booked_day(wednesday)
    results = schedule([MONDAY, tuesday], duration=HOUR, availability=availability(), now=EARLY, busy=busy)
    # Tuesday and Wednesday are booked, Monday already has the first session: Thursday.
    assert [r.slot.start.date() for r in results if r.slot] == [MONDAY, MONDAY + timedelta(days=3)]
    assert results[1].reasons == {
        tuesday: REASON_FULLY_BOOKED,
        wednesday: REASON_FULLY_BOOKED,
        MONDAY: REASON_TOO_EARLY,
    }


def test_a_session_without_a_slot_keeps_its_place() -> None:
    busy = [b for d in range(-3, 3) for b in booked_day(MONDAY + timedelta(days=7 + d))]
    ideal = [MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=14)]
    results = schedule(
        ideal, duration=HOUR, availability=availability(), now=EARLY, busy=busy, tolerance_working_days=1
    )
    assert [r.found for r in results] == [True, False, True]
    assert results[1].offers
    assert results[2].slot is not None and results[2].slot.start.date() == MONDAY + timedelta(days=14)


# Conflicts of a manual change.


def test_a_free_time_has_no_conflicts() -> None:
    assert (
        conflicts(appt(MONDAY, 9, 5, 50), availability=availability(), therapist_busy=[appt(MONDAY, 10)])
        == ()
    )


def test_conflicts_name_their_reasons() -> None:
    av = availability(
        buffer_minutes=15,
        absences=(Absence(at(MONDAY, 11), at(MONDAY, 12), ABSENCE_TRAINING),),
        closed=ClosedDays(public_holidays=frozenset({MONDAY + timedelta(days=1)})),
    )
    busy = [appt(MONDAY, 10, key="a7"), appt(MONDAY, 9, minutes=30, key="a3")]
    got = conflicts(appt(MONDAY, 10, 30), availability=av, therapist_busy=busy)
    assert got == (Conflict(REASON_ABSENCE, ABSENCE_TRAINING), Conflict(REASON_OVERLAP, "a7"))
    assert conflicts(
        appt(MONDAY, 11, minutes=30), availability=availability(buffer_minutes=15), therapist_busy=busy
    ) == (Conflict(REASON_BUFFER, "a7"),)
    assert conflicts(appt(MONDAY, 11, 30), availability=availability()) == (Conflict(REASON_OUTSIDE_HOURS),)
    holiday = conflicts(appt(MONDAY + timedelta(days=1), 9), availability=av)
    assert holiday == (Conflict(REASON_PUBLIC_HOLIDAY),)
    assert conflicts(appt(MONDAY, 9), availability=availability(), now=at(MONDAY, 9, 30)) == (
        Conflict(REASON_PAST),
    )
    room = conflicts(
        appt(MONDAY, 14), availability=availability(), room="A", room_busy=[appt(MONDAY, 14, 30, key="r1")]
    )
    assert room == (Conflict(REASON_ROOM_TAKEN, "r1"),)


def test_conflicts_across_time_zones_compare_absolute_time() -> None:
    utc_busy = Interval(datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 2, 10, tzinfo=UTC), "u")
    assert conflicts(appt(MONDAY, 10, 30), availability=availability(), therapist_busy=[utc_busy]) == (
        Conflict(REASON_OVERLAP, "u"),
    )


# Validation.


def test_inputs_are_checked() -> None:
    with pytest.raises(ValueError):
        Interval(datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10))
    with pytest.raises(ValueError):
        appt(MONDAY, 9, minutes=0)
    with pytest.raises(ValueError):
        Absence(at(MONDAY, 9), at(MONDAY, 10), "holidays")
    with pytest.raises(ValueError):
        WeeklyHours({7: ()})
    with pytest.raises(ValueError):
        WeeklyHours({0: ((time(12), time(9)),)})
    with pytest.raises(ValueError):
        WeeklyHours({0: ((time(9), time(12)), (time(11), time(14)))})
    with pytest.raises(ValueError):
        Wishes(frozenset({7}))
    with pytest.raises(ValueError):
        Wishes(after=time(17), before=time(9))
    with pytest.raises(ValueError):
        availability(grid_minutes=0)
    with pytest.raises(ValueError):
        free_slots(MONDAY, duration=timedelta(0), availability=availability(), now=EARLY)
    with pytest.raises(ValueError):
        free_slots(MONDAY, duration=HOUR, availability=availability(), now=datetime(2026, 1, 1))


# Properties.

EPOCH = at(MONDAY, 0)
intervals = st.builds(
    lambda start, minutes: Interval(
        EPOCH + timedelta(minutes=5 * start), EPOCH + timedelta(minutes=5 * start + minutes)
    ),
    st.integers(0, 12 * 24 * 14),
    st.integers(5, 300),
)


@settings(max_examples=150, deadline=None)
@given(busy=st.lists(intervals, max_size=40), start=intervals, margin=st.integers(0, 60))
def test_the_busy_index_agrees_with_a_scan(busy: list[Interval], start: Interval, margin: int) -> None:
    index = BusyIndex(busy)
    gap = timedelta(minutes=margin)
    expected = sorted((b.start, b.end) for b in busy if b.overlaps(start, gap))
    assert index.collides(start.start, start.end, gap) == bool(expected)
    assert sorted((s, e) for s, e, _ in index.overlapping(start.start, start.end, gap)) == expected


@settings(max_examples=80, deadline=None)
@given(
    busy=st.lists(intervals, max_size=60),
    buffer=st.sampled_from([0, 5, 10, 15, 30]),
    closed=st.sets(st.integers(0, 70), max_size=12),
    gaps=st.lists(st.integers(0, 10), min_size=1, max_size=15),
    tolerance=st.integers(0, 3),
    now_minutes=st.integers(0, 60 * 24 * 3),
)
def test_scheduled_slots_keep_clear_of_busy_time_and_closed_days(
    busy: list[Interval], buffer: int, closed: set[int], gaps: list[int], tolerance: int, now_minutes: int
) -> None:
    closed_days = frozenset(MONDAY + timedelta(days=d) for d in closed)
    av = availability(buffer_minutes=buffer, closed=ClosedDays(closing_days=closed_days))
    ideal, day = [], MONDAY
    for gap in gaps:
        day += timedelta(days=gap)
        ideal.append(day)
    now = EPOCH + timedelta(minutes=now_minutes)
    results = schedule(
        ideal,
        duration=timedelta(minutes=45),
        availability=av,
        now=now,
        busy=busy,
        tolerance_working_days=tolerance,
    )
    slots = [r.slot for r in results if r.slot is not None]
    margin = timedelta(minutes=buffer)
    for slot in slots:
        taken = Interval(slot.start, slot.end)
        assert not any(taken.overlaps(b, margin) for b in busy)
        assert slot.start.date() not in closed_days and slot.start >= now
        assert conflicts(taken, availability=av, therapist_busy=busy, now=now) == ()
    for earlier, later in itertools.pairwise(slots):
        assert earlier.start.date() < later.start.date()
        assert not Interval(earlier.start, earlier.end).overlaps(Interval(later.start, later.end), margin)
    for result in results:
        assert result.found or result.reasons
        for offer in result.offers:
            assert offer.start.date() not in closed_days and offer.start >= now


def brute_force(
    day: date,
    av: Availability,
    duration: timedelta,
    busy: list[Interval],
    rooms: dict[str, list[Interval]],
    now: datetime,
) -> list[tuple[datetime, str | None]]:
    """Every grid start of the day checked on its own with ``conflicts``: what the search must find."""
    found = []
    for begin, finish in av.hours.spans(day, BERLIN):
        start = begin
        while start + duration <= finish:
            local = start.astimezone(BERLIN)
            candidate = Interval(start, start + duration)  # UTC: zoned + timedelta is wall-clock time
            room = free_room(candidate.start, candidate.end, rooms) if rooms else None
            if (
                not local.fold
                and not conflicts(candidate, availability=av, therapist_busy=busy, now=now)
                and (room or not rooms)
            ):
                found.append((local, room))
            start += timedelta(minutes=av.grid_minutes)
    return found


@settings(max_examples=150, deadline=None)
@given(
    busy=st.lists(intervals, max_size=30),
    room_busy=st.lists(intervals, max_size=30),
    absences=st.lists(intervals, max_size=3),
    buffer=st.sampled_from([0, 5, 15, 20]),
    grid=st.sampled_from([5, 15, 30]),
    minutes=st.sampled_from([30, 45, 60, 90]),
    offset=st.integers(0, 13),
    now_minutes=st.integers(0, 60 * 24 * 14),
    with_rooms=st.booleans(),
)
def test_the_search_finds_what_checking_every_start_finds(
    busy: list[Interval], room_busy: list[Interval], absences: list[Interval], buffer: int, grid: int,
    minutes: int, offset: int, now_minutes: int, with_rooms: bool,
) -> None:  # fmt: skip
    av = availability(
        buffer_minutes=buffer,
        grid_minutes=grid,
        absences=tuple(Absence(a.start, a.end, ABSENCE_ILLNESS) for a in absences),
    )
    rooms = {"A": room_busy, "B": busy[::2]} if with_rooms else {}
    day, now, duration = (
        MONDAY + timedelta(days=offset),
        EPOCH + timedelta(minutes=now_minutes),
        timedelta(minutes=minutes),
    )
    slots = free_slots(day, duration=duration, availability=av, now=now, busy=busy, rooms=rooms)
    assert [(s.start, s.room) for s in slots] == brute_force(day, av, duration, busy, rooms, now)


@pytest.mark.parametrize("sunday", [date(2026, 3, 29), date(2026, 10, 25)])
@pytest.mark.parametrize("buffer", [0, 10])
def test_the_search_matches_every_start_on_the_change_days(sunday: date, buffer: int) -> None:
    av = Availability(NIGHT, BERLIN, buffer_minutes=buffer)
    busy = [
        Interval(datetime(2026, m, d, 0, 40, tzinfo=UTC), datetime(2026, m, d, 1, 10, tzinfo=UTC))
        for m, d in ((3, 29), (10, 25))
    ]
    slots = free_slots(sunday, duration=timedelta(minutes=45), availability=av, now=EARLY, busy=busy)
    assert [(s.start, s.room) for s in slots] == brute_force(
        sunday, av, timedelta(minutes=45), busy, {}, EARLY
    )
    assert len({s.start.strftime("%H:%M") for s in slots}) == len(slots)


def test_a_wished_window_ends_after_it_starts():
    assert window_is_valid(None, None) and window_is_valid(time(17), None) and window_is_valid(None, time(9))
    assert window_is_valid(time(17), time(20))
    assert not window_is_valid(time(17), time(17)) and not window_is_valid(time(18), time(17))
