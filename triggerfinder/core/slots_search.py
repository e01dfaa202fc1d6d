"""The day-by-day search behind ``core.slots``: the client's wishes, a slot, and one day's free
times with the reason when there are none. The rules are in ``core.slots``; use that module.

Each candidate start on the grid passes the stages in order (not the second occurrence of a wall
time, not before ``now``, not in an absence, within the wishes, clear of the therapist's busy time
and buffer, a free room); one that is blocked by a busy interval, an absence or ``now`` jumps to the
first grid start after what blocked it, so a full calendar costs a few bisects a day, not one per
grid point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

# The stages a candidate passes, in order; a day without a slot gives the furthest one any reached.
_STAGES = (
    REASON_NOT_WORKING_DAY,
    REASON_PAST,
    REASON_ABSENCE,
    REASON_OUTSIDE_WISHES,
    REASON_FULLY_BOOKED,
    REASON_NO_ROOM,
)


def window_is_valid(after: time | None, before: time | None) -> bool:
    """A wished time window ends after it starts (either bound may be open)."""
    return after is None or before is None or after < before


@dataclass(frozen=True)
class Wishes:
    """The client's wishes: weekdays (Monday 0 … Sunday 6; empty means any), the earliest local
    start ``after`` and the latest local end ``before`` (None: no bound). "Tuesdays after 17:00"
    is ``Wishes(frozenset({1}), after=time(17))``."""

    weekdays: frozenset[int] = frozenset()
    after: time | None = None
    before: time | None = None

    def __post_init__(self) -> None:
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        if not window_is_valid(self.after, self.before):
            raise ValueError("the wished window ends after it starts")

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


class BookedBusy:
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
class DaySearch:
    duration: timedelta
    availability: Availability
    busy: BookedBusy
    rooms: Mapping[str, BookedBusy]
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


def new_search(
    duration: timedelta,
    availability: Availability,
    busy: BusyIndex | Iterable[Interval],
    rooms: Mapping[str, BusyIndex | Iterable[Interval]] | None,
    wishes: Wishes,
    now: datetime,
    not_before: date | None,
) -> DaySearch:
    if duration <= timedelta(0):
        raise ValueError("a session lasts more than no time")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return DaySearch(
        duration,
        availability,
        BookedBusy(busy),
        {room: BookedBusy(b) for room, b in (rooms or {}).items()},
        wishes,
        now,
        not_before,
    )
