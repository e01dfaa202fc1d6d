"""Slot search: free times for a session, the nearest one to an ideal date, a whole cycle.

Plain data in (``core.availability``), plain data out. The rules, each tested in
tests/core/test_availability.py:

- A slot starts on the grid (every ``grid_minutes`` from the start of each interval of working
  hours), lies wholly within one interval of working hours, never before ``now``, never on a
  closed day (public holiday or closing day), never in an absence, keeps the therapist's buffer on
  both sides of every busy appointment and, when rooms are given, has a free room (the first free
  one in the rooms' order).
- Local wall-clock times are taken once: in the hour that happens twice when the clocks go back,
  only the first occurrence is offered; a time in the gap when they go forward never is.
- The client's wishes (weekdays, a time window) narrow the slots; no wishes means any.
- ``find_slot`` looks at the ideal day first, then at the working days around it within the
  tolerance, nearest first and **after before before** at the same distance: a later date only
  lengthens the spacing to the previous session (and never breaks a postpone date), an earlier one
  shortens it. When nothing fits, the result says why for each day it looked at (the deepest
  obstacle that day: a day with free times outside the wishes only is ``outside-wishes``, one
  whose wished times are all taken ``fully-booked``) and offers the nearest free slots outside the
  tolerance (within the wishes; when there are none, ignoring them, marked ``outside_wishes``).
- ``schedule`` books a cycle in order: each session's slot is busy for the next ones, a session is
  never on the day of or before the one before it, so no two sessions share a day and the order
  holds.
- Speed: busy intervals are sorted once (``BusyIndex``; pass one to reuse it), each candidate is a
  bisect, and a blocked candidate jumps past what blocks it (``core.slots_search``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from triggerfinder.core.availability import Availability, BusyIndex, Interval
from triggerfinder.core.slots_search import ANY_TIME, DaySearch, Slot, Wishes, new_search, window_is_valid

__all__ = [
    "ANY_TIME",
    "DEFAULT_OFFERS",
    "DEFAULT_TOLERANCE_WORKING_DAYS",
    "Slot",
    "SlotResult",
    "Wishes",
    "find_slot",
    "free_slots",
    "schedule",
    "window_is_valid",
]

DEFAULT_TOLERANCE_WORKING_DAYS = 2
DEFAULT_OFFERS = 3
OFFER_HORIZON_DAYS = 62  # how far beyond the tolerance the offers look, each way
_DAY_SCAN_LIMIT = 31  # calendar days scanned for each working day of the tolerance


@dataclass(frozen=True)
class SlotResult:
    """``slot`` the chosen time or None; ``reasons`` why each day looked at before it (or every
    day, when None) had no slot; ``offers`` the nearest free slots outside the tolerance, only
    when ``slot`` is None."""

    ideal: date
    slot: Slot | None
    reasons: Mapping[date, str] = field(default_factory=dict)
    offers: tuple[Slot, ...] = ()

    @property
    def found(self) -> bool:
        return self.slot is not None


def free_slots(
    first_day: date,
    last_day: date | None = None,
    *,
    duration: timedelta,
    availability: Availability,
    now: datetime,
    busy: BusyIndex | Iterable[Interval] = (),
    rooms: Mapping[str, BusyIndex | Iterable[Interval]] | None = None,
    wishes: Wishes = ANY_TIME,
    not_before: date | None = None,
) -> list[Slot]:
    """Every free slot from ``first_day`` to ``last_day`` (inclusive; None: that day only)."""
    search = new_search(duration, availability, busy, rooms, wishes, now, not_before)
    found: list[Slot] = []
    day = first_day
    while day <= (last_day or first_day):
        found += search.day(day)[0]
        day += timedelta(days=1)
    return found


def _working_days(search: DaySearch, ideal: date, step: int, count: int) -> list[date]:
    days: list[date] = []
    day = ideal
    for _ in range(_DAY_SCAN_LIMIT * max(count, 1)):
        if len(days) >= count:
            break
        day += timedelta(days=step)
        if search.is_working_day(day):
            days.append(day)
    return days


def _window(search: DaySearch, ideal: date, tolerance: int) -> list[date]:
    """The ideal day, then the working days around it, nearest first, the later one first."""
    after = _working_days(search, ideal, 1, tolerance)
    before = _working_days(search, ideal, -1, tolerance)
    days = [ideal]
    for index in range(tolerance):
        days += [d for d in (after[index : index + 1] + before[index : index + 1]) if d not in days]
    return days


def _find(search: DaySearch, ideal: date, tolerance: int, offers: int) -> SlotResult:
    if tolerance < 0:
        raise ValueError("the tolerance is 0 or more working days")
    window = _window(search, ideal, tolerance)
    reasons: dict[date, str] = {}
    for day in window:
        slots, reason = search.day(day, limit=1)
        if slots:
            return SlotResult(ideal, slots[0], reasons)
        reasons[day] = reason
    return SlotResult(ideal, None, reasons, _offers(search, window, offers))


def _offers(search: DaySearch, window: Sequence[date], count: int) -> tuple[Slot, ...]:
    """The first free slot of each day outside the window, nearest first, later first."""
    late, early = max(window), min(window)
    for wishes in (search.wishes, ANY_TIME):
        found: list[Slot] = []
        for distance in range(1, OFFER_HORIZON_DAYS + 1):
            for day in (late + timedelta(days=distance), early - timedelta(days=distance)):
                found += search.day(day, limit=1, wishes=wishes)[0]
            if len(found) >= count:
                break
        if found or wishes is ANY_TIME:
            return tuple(found[:count])
    return ()


def find_slot(
    ideal: date,
    *,
    duration: timedelta,
    availability: Availability,
    now: datetime,
    busy: BusyIndex | Iterable[Interval] = (),
    rooms: Mapping[str, BusyIndex | Iterable[Interval]] | None = None,
    wishes: Wishes = ANY_TIME,
    tolerance_working_days: int = DEFAULT_TOLERANCE_WORKING_DAYS,
    not_before: date | None = None,
    offers: int = DEFAULT_OFFERS,
) -> SlotResult:
    """The first free slot nearest ``ideal`` within the tolerance, or why there is none."""
    search = new_search(duration, availability, busy, rooms, wishes, now, not_before)
    return _find(search, ideal, tolerance_working_days, offers)


def schedule(
    ideal_dates: Sequence[date],
    *,
    duration: timedelta,
    availability: Availability,
    now: datetime,
    busy: BusyIndex | Iterable[Interval] = (),
    rooms: Mapping[str, BusyIndex | Iterable[Interval]] | None = None,
    wishes: Wishes = ANY_TIME,
    tolerance_working_days: int = DEFAULT_TOLERANCE_WORKING_DAYS,
    not_before: date | None = None,
    offers: int = DEFAULT_OFFERS,
) -> tuple[SlotResult, ...]:
    """A result for each ideal date in order (a cycle's sessions, then its maintenance visits).

    Each session is after the day of the one before; a session without a slot keeps its place:
    the next ones are after its ideal day, so it can still be placed between them."""
    search = new_search(duration, availability, busy, rooms, wishes, now, not_before)
    results: list[SlotResult] = []
    for ideal in ideal_dates:
        result = _find(search, ideal, tolerance_working_days, offers)
        results.append(result)
        slot = result.slot
        after = slot.start.date() if slot is not None else ideal
        bound = after + timedelta(days=1)
        search = replace(
            search, not_before=bound if search.not_before is None else max(bound, search.not_before)
        )
        if slot is not None:
            span = (slot.start.astimezone(UTC), slot.end.astimezone(UTC))
            search.busy.extra.append(span)
            if slot.room is not None:
                search.rooms[slot.room].extra.append(span)
    return tuple(results)
