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
- Speed: busy intervals are sorted once (``BusyIndex``) and each candidate is a bisect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from triggerfinder.core.availability import (
    REASON_ABSENCE,
    REASON_FULLY_BOOKED,
    REASON_NO_ROOM,
    REASON_NOT_WORKING_DAY,
    REASON_OUTSIDE_WISHES,
    REASON_PAST,
    REASON_TOO_EARLY,
    Availability,
    BusyIndex,
    Interval,
)

DEFAULT_TOLERANCE_WORKING_DAYS = 2
DEFAULT_OFFERS = 3
OFFER_HORIZON_DAYS = 62  # how far beyond the tolerance the offers look, each way
_DAY_SCAN_LIMIT = 31  # calendar days scanned for each working day of the tolerance
# The stages a candidate passes, in order; a day without a slot gives the furthest one any reached.
_STAGES = (
    REASON_NOT_WORKING_DAY,
    REASON_PAST,
    REASON_ABSENCE,
    REASON_OUTSIDE_WISHES,
    REASON_FULLY_BOOKED,
    REASON_NO_ROOM,
)


@dataclass(frozen=True)
class Wishes:
    """The client's wishes: weekdays (Monday 0 … Sunday 6; empty means any), the earliest local
    start ``after`` and the latest local end ``before`` (None: no bound). "Tuesdays after 17:00"
    is ``Wishes(frozenset({1}), after=time(17))``."""

    weekdays: frozenset[int] = frozenset()
    after: time | None = None
    before: time | None = None

    def allows(self, start: datetime, end: datetime) -> bool:
        """For local (practice time zone) start and end."""
        if self.weekdays and start.weekday() not in self.weekdays:
            return False
        if self.after is not None and start.time() < self.after:
            return False
        return self.before is None or (end.date() == start.date() and end.time() <= self.before)


ANY_TIME = Wishes()


@dataclass(frozen=True)
class Slot:
    """A free time, in the practice's time zone; ``room`` when rooms are given."""

    start: datetime
    end: datetime
    room: str | None = None
    outside_wishes: bool = False  # only on an offer found by ignoring the wishes


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


class _Busy:
    """A sorted index plus the few intervals booked during one ``schedule`` run."""

    def __init__(self, busy: BusyIndex | Iterable[Interval]) -> None:
        self.index = busy if isinstance(busy, BusyIndex) else BusyIndex(busy)
        self.extra: list[tuple[datetime, datetime]] = []

    def blocked_until(self, start: datetime, end: datetime, margin: timedelta) -> datetime | None:
        """For UTC instants: None when free, else the earliest start that might be (``BusyIndex``)."""
        until = self.index.blocked_until(start, end, margin)
        for s, e in self.extra:
            if s < end + margin and start - margin < e and (until is None or e + margin > until):
                until = e + margin
        return until


@dataclass(frozen=True)
class _Search:
    duration: timedelta
    availability: Availability
    busy: _Busy
    rooms: Mapping[str, _Busy]
    wishes: Wishes
    now: datetime
    not_before: date | None
    span_cache: dict[date, list[tuple[datetime, datetime]]] = field(default_factory=dict)

    def day(
        self, day: date, limit: int | None = None, wishes: Wishes | None = None
    ) -> tuple[list[Slot], str]:
        """Up to ``limit`` free slots that day, in order, and why there are none when empty."""
        wishes = self.wishes if wishes is None else wishes
        av = self.availability
        if self.not_before is not None and day < self.not_before:
            return [], REASON_TOO_EARLY
        closed = av.closed.reason(day)
        if closed is not None:
            return [], closed
        found: list[Slot] = []
        furthest = 0
        now, grid, margin = self.now.astimezone(UTC), timedelta(minutes=av.grid_minutes), av.buffer
        for begin, finish in self.spans(day):
            start = begin
            while start + self.duration <= finish:
                stage, slot, until = self._stage(start, now, margin, wishes)
                furthest = max(furthest, stage)
                if slot is not None:
                    found.append(slot)
                    if limit is not None and len(found) >= limit:
                        return found, ""
                # The next start on the grid, not before the time this one was blocked until.
                steps = 1 if until is None or until <= start else -((start - until) // grid)
                start += steps * grid
        return found, "" if found else _STAGES[furthest]

    def spans(self, day: date) -> list[tuple[datetime, datetime]]:
        if day not in self.span_cache:
            self.span_cache[day] = self.availability.hours.spans(day, self.availability.tz)
        return self.span_cache[day]

    def is_working_day(self, day: date) -> bool:
        return self.availability.closed.reason(day) is None and bool(self.spans(day))

    def _stage(
        self, start: datetime, now: datetime, margin: timedelta, wishes: Wishes
    ) -> tuple[int, Slot | None, datetime | None]:
        """How far a UTC candidate gets through the stages (1 past … 5 room), its slot if free,
        and the time it is blocked until if that is known."""
        tz, end = self.availability.tz, start + self.duration
        local = start.astimezone(tz)
        if local.fold:  # the second occurrence of a wall time when the clocks go back
            return 0, None, None
        if start < now:
            return 1, None, now
        until = self.availability.absence_index.blocked_until(start, end, timedelta(0))
        if until is not None:
            return 2, None, until
        if not wishes.allows(local, end.astimezone(tz)):
            return 3, None, None
        until = self.busy.blocked_until(start, end, margin)
        if until is not None:
            return 4, None, until
        room = None
        if self.rooms:
            blocked = [b.blocked_until(start, end, timedelta(0)) for b in self.rooms.values()]
            room = next((r for r, u in zip(self.rooms, blocked, strict=True) if u is None), None)
            if room is None:
                return 5, None, min(u for u in blocked if u is not None)
        return 5, Slot(local, end.astimezone(tz), room, outside_wishes=wishes is not self.wishes), None


def _search(
    *,
    duration: timedelta,
    availability: Availability,
    busy: BusyIndex | Iterable[Interval],
    rooms: Mapping[str, BusyIndex | Iterable[Interval]] | None,
    wishes: Wishes,
    now: datetime,
    not_before: date | None,
) -> _Search:
    if duration <= timedelta(0):
        raise ValueError("a session lasts more than no time")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return _Search(
        duration,
        availability,
        _Busy(busy),
        {room: _Busy(b) for room, b in (rooms or {}).items()},
        wishes,
        now,
        not_before,
    )


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
    search = _search(
        duration=duration,
        availability=availability,
        busy=busy,
        rooms=rooms,
        wishes=wishes,
        now=now,
        not_before=not_before,
    )
    found: list[Slot] = []
    day = first_day
    while day <= (last_day or first_day):
        found += search.day(day)[0]
        day += timedelta(days=1)
    return found


def _working_days(search: _Search, ideal: date, step: int, count: int) -> list[date]:
    days: list[date] = []
    day = ideal
    for _ in range(_DAY_SCAN_LIMIT * max(count, 1)):
        if len(days) >= count:
            break
        day += timedelta(days=step)
        if search.is_working_day(day):
            days.append(day)
    return days


def _window(search: _Search, ideal: date, tolerance: int) -> list[date]:
    """The ideal day, then the working days around it, nearest first, the later one first."""
    after = _working_days(search, ideal, 1, tolerance)
    before = _working_days(search, ideal, -1, tolerance)
    days = [ideal]
    for index in range(tolerance):
        days += [d for d in (after[index : index + 1] + before[index : index + 1]) if d not in days]
    return days


def _find(search: _Search, ideal: date, tolerance: int, offers: int) -> SlotResult:
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


def _offers(search: _Search, window: Sequence[date], count: int) -> tuple[Slot, ...]:
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
    search = _search(
        duration=duration,
        availability=availability,
        busy=busy,
        rooms=rooms,
        wishes=wishes,
        now=now,
        not_before=not_before,
    )
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
    search = _search(
        duration=duration,
        availability=availability,
        busy=busy,
        rooms=rooms,
        wishes=wishes,
        now=now,
        not_before=not_before,
    )
    results: list[SlotResult] = []
    for ideal in ideal_dates:
        result = _find(search, ideal, tolerance_working_days, offers)
        results.append(result)
        slot = result.slot
        after = slot.start.date() if slot is not None else ideal
        bound = after + timedelta(days=1)
        search = _Search(
            search.duration,
            search.availability,
            search.busy,
            search.rooms,
            search.wishes,
            search.now,
            bound if search.not_before is None else max(bound, search.not_before),
            search.span_cache,
        )
        if slot is not None:
            span = (slot.start.astimezone(UTC), slot.end.astimezone(UTC))
            search.busy.extra.append(span)
            if slot.room is not None:
                search.rooms[slot.room].extra.append(span)
    return tuple(results)
