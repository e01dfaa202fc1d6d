"""Availability: when a therapist can see a client, and why a chosen time is refused.

Plain data in, plain data out (issue 17); the slot search over it is ``core.slots``.

Time
    Every instant is a timezone-aware ``datetime`` (an ``Interval`` refuses naive ones), compared
    as absolute time, so a busy appointment stored in UTC and a slot in Europe/Berlin compare right.
    What therapists think in — working hours, the client's wishes, the grid — is the practice's
    local wall-clock time (``Availability.tz``), turned into instants by ``local_datetime``: a wall
    time that does not exist (02:30 on the last Sunday of March in Berlin) gives None and is never
    offered, and a wall time that happens twice (02:30 on the last Sunday of October) is taken once,
    at its first occurrence (``fold=0``), so no slot is doubled. Durations are absolute: a 60-minute
    appointment lasts 60 real minutes across a change of offset.

Intervals are half-open, ``[start, end)``: one appointment may end at 10:00 and the next begin at
10:00 (when the buffer is 0).

Reasons are stable string constants (``REASON_*``), not prose; the shell translates them.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

# Why a day has no slot, or a chosen time is refused.
REASON_PAST = "past"  # before ``now``
REASON_TOO_EARLY = "too-early"  # before the earliest allowed day (the previous session, a postpone)
REASON_BLOCKED = "blocked"  # the safety gate allows no appointment: an uncleared red flag
REASON_PUBLIC_HOLIDAY = "public-holiday"
REASON_CLOSED = "closed"  # a closing day of the practice
REASON_NOT_WORKING_DAY = "not-working-day"  # no working hours that weekday (or too short for it)
REASON_OUTSIDE_HOURS = "outside-hours"  # a chosen time not within one interval of working hours
REASON_ABSENCE = "absence"
REASON_OUTSIDE_WISHES = "outside-wishes"
REASON_FULLY_BOOKED = "fully-booked"
REASON_OVERLAP = "overlap"  # with another appointment of the therapist
REASON_BUFFER = "buffer"  # no overlap, but closer to another appointment than the buffer
REASON_NO_ROOM = "no-room"  # every room is taken
REASON_ROOM_TAKEN = "room-taken"  # the chosen room is taken

ABSENCE_HOLIDAY = "holiday"
ABSENCE_ILLNESS = "illness"
ABSENCE_TRAINING = "training"
ABSENCE_KINDS = (ABSENCE_HOLIDAY, ABSENCE_ILLNESS, ABSENCE_TRAINING)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def local_datetime(day: date, wall: time, tz: tzinfo) -> datetime | None:
    """The instant of a local wall-clock time, None when it does not exist that day (DST gap).
    A wall time that happens twice is its first occurrence."""
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware


@dataclass(frozen=True)
class Interval:
    """``[start, end)`` between two timezone-aware instants; ``key`` names it in a reason (an
    appointment's id, an absence's kind)."""

    start: datetime
    end: datetime
    key: str = ""

    def __post_init__(self) -> None:
        if _utc(self.end) <= _utc(self.start):
            raise ValueError("an interval ends after it starts")

    def overlaps(self, other: Interval, margin: timedelta = timedelta(0)) -> bool:
        """Whether the two overlap, or come closer than ``margin`` (absolute time)."""
        return _utc(self.start) < _utc(other.end) + margin and _utc(other.start) < _utc(self.end) + margin


@dataclass(frozen=True)
class WeeklyHours:
    """Working hours per weekday (Monday 0 … Sunday 6), each a tuple of local ``(from, to)``
    times, several a day allowed (09:00–12:00 and 14:00–18:00). ``to`` may be ``time(0)`` for
    midnight; intervals across midnight are not supported."""

    days: Mapping[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for weekday, spans in self.days.items():
            if not 0 <= weekday <= 6:
                raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
            ordered = sorted(spans)
            for start, end in ordered:
                if end != time(0) and end <= start:
                    raise ValueError("working hours end after they start")
            for (_, end), (start, _) in itertools.pairwise(ordered):
                if end == time(0) or start < end:
                    raise ValueError("a day's working hours do not overlap")

    def spans(self, day: date, tz: tzinfo) -> list[tuple[datetime, datetime]]:
        """That day's working intervals as UTC instants, in order; a bound in a DST gap moves to
        the first wall time after it."""
        found = []
        for start, end in sorted(self.days.get(day.weekday(), ())):
            begin = _existing(day, start, tz)
            finish = (
                _existing(day + timedelta(days=1), time(0), tz) if end == time(0) else _existing(day, end, tz)
            )
            if begin < finish:
                found.append((begin, finish))
        return found


def _existing(day: date, wall: time, tz: tzinfo) -> datetime:
    moment = local_datetime(day, wall, tz)
    while moment is None:  # inside a gap: step to its end (gaps are whole minutes)
        wall = (datetime.combine(day, wall) + timedelta(minutes=1)).time()
        moment = local_datetime(day, wall, tz)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Absence:
    """A block in which the therapist is away: ``kind`` one of ``ABSENCE_KINDS``."""

    start: datetime
    end: datetime
    kind: str = ABSENCE_HOLIDAY

    def __post_init__(self) -> None:
        if self.kind not in ABSENCE_KINDS:
            raise ValueError(f"unknown absence kind {self.kind!r}")
        Interval(self.start, self.end)


@dataclass(frozen=True)
class ClosedDays:
    """Days the practice is shut: public holidays (the shell computes them with the ``holidays``
    package for the configured country and state) and the practice's own closing days."""

    public_holidays: frozenset[date] = frozenset()
    closing_days: frozenset[date] = frozenset()

    def reason(self, day: date) -> str | None:
        if day in self.public_holidays:
            return REASON_PUBLIC_HOLIDAY
        if day in self.closing_days:
            return REASON_CLOSED
        return None


class BusyIndex:
    """Busy intervals sorted once by start, with the running maximum of their ends, so whether a
    time collides is a bisect (O(log n)), whatever the number of appointments or their overlaps."""

    def __init__(self, busy: Iterable[Interval] = ()) -> None:
        # An Interval has checked its instants are aware: only the conversion is left.
        items = [
            (
                b.start if b.start.tzinfo is UTC else b.start.astimezone(UTC),
                b.end if b.end.tzinfo is UTC else b.end.astimezone(UTC),
                b.key,
            )
            for b in busy
        ]
        items.sort()
        self._starts = [item[0] for item in items]
        self._items = items
        self._max_end: list[datetime] = []
        top: datetime | None = None
        for _, end, _ in items:
            if top is None or end > top:
                top = end
            self._max_end.append(top)

    def __len__(self) -> int:
        return len(self._items)

    def collides(self, start: datetime, end: datetime, margin: timedelta = timedelta(0)) -> bool:
        """Whether any busy interval overlaps ``[start - margin, end + margin)``."""
        return self.blocked_until(_utc(start), _utc(end), margin) is not None

    def blocked_until(self, start: datetime, end: datetime, margin: timedelta) -> datetime | None:
        """For UTC ``start`` and ``end``: None when ``[start, end)`` is free with ``margin`` on
        both sides, else the end of the latest busy interval in the way plus ``margin`` (every
        start of the same length before it collides too, so the search jumps there)."""
        upto = bisect_left(self._starts, end + margin)
        if upto and self._max_end[upto - 1] > start - margin:
            return self._max_end[upto - 1] + margin
        return None

    def overlapping(
        self, start: datetime, end: datetime, margin: timedelta = timedelta(0)
    ) -> list[tuple[datetime, datetime, str]]:
        """The busy intervals (UTC start, UTC end, key) overlapping ``[start - margin, end + margin)``,
        in order of start."""
        low, high = _utc(start) - margin, _utc(end) + margin
        index = bisect_left(self._starts, high) - 1
        found = []
        while index >= 0 and self._max_end[index] > low:
            if self._items[index][1] > low:
                found.append(self._items[index])
            index -= 1
        return found[::-1]


def _index(busy: BusyIndex | Iterable[Interval]) -> BusyIndex:
    return busy if isinstance(busy, BusyIndex) else BusyIndex(busy)


@dataclass(frozen=True)
class Availability:
    """A therapist's availability in the practice's time zone ``tz`` (e.g.
    ``ZoneInfo("Europe/Berlin")``): weekly hours, absences, the practice's closed days, the buffer
    kept free before and after each of the therapist's appointments, and the grid slots start on
    (every ``grid_minutes`` from the start of each interval of working hours)."""

    hours: WeeklyHours
    tz: tzinfo
    absences: tuple[Absence, ...] = ()
    closed: ClosedDays = ClosedDays()
    buffer_minutes: int = 0
    grid_minutes: int = 15

    def __post_init__(self) -> None:
        if self.buffer_minutes < 0 or self.grid_minutes <= 0:
            raise ValueError("the buffer is 0 or more minutes, the grid 1 or more")
        object.__setattr__(
            self, "_absences", BusyIndex(Interval(a.start, a.end, a.kind) for a in self.absences)
        )

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    @property
    def absence_index(self) -> BusyIndex:
        index: BusyIndex = self.__dict__["_absences"]
        return index

    def is_working_day(self, day: date) -> bool:
        return self.closed.reason(day) is None and bool(self.hours.spans(day, self.tz))


@dataclass(frozen=True)
class Conflict:
    """Why a chosen time is refused; ``key`` names what it collides with (an appointment's key,
    an absence's kind, a room), empty when nothing in particular."""

    reason: str
    key: str = ""


def free_room(
    start: datetime, end: datetime, rooms: Mapping[str, BusyIndex | Iterable[Interval]]
) -> str | None:
    """The first room (in the mapping's order) free for ``[start, end)``; rooms have no buffer."""
    for room, busy in rooms.items():
        if not _index(busy).collides(start, end):
            return room
    return None


def conflicts(
    candidate: Interval,
    *,
    availability: Availability,
    therapist_busy: BusyIndex | Iterable[Interval] = (),
    room: str | None = None,
    room_busy: BusyIndex | Iterable[Interval] = (),
    now: datetime | None = None,
) -> tuple[Conflict, ...]:
    """Every reason a chosen time (a therapist's manual change) is refused, empty when it is free.

    ``therapist_busy`` are the therapist's other appointments (leave out the one being moved),
    ``room_busy`` the chosen ``room``'s; the buffer applies to the therapist only. ``now`` given:
    a start before it is refused. The grid does not apply to a manual choice."""
    found: list[Conflict] = []
    tz = availability.tz
    start, end = _utc(candidate.start), _utc(candidate.end)
    day = start.astimezone(tz).date()
    if now is not None and start < _utc(now):
        found.append(Conflict(REASON_PAST))
    closed = availability.closed.reason(day)
    if closed is not None:
        found.append(Conflict(closed))
    if not any(begin <= start and end <= finish for begin, finish in availability.hours.spans(day, tz)):
        found.append(Conflict(REASON_OUTSIDE_HOURS))
    found += [
        Conflict(REASON_ABSENCE, key) for _, _, key in availability.absence_index.overlapping(start, end)
    ]
    margin = availability.buffer
    for b_start, b_end, key in _index(therapist_busy).overlapping(start, end, margin):
        overlap = b_start < end and start < b_end
        found.append(Conflict(REASON_OVERLAP if overlap else REASON_BUFFER, key))
    if room is not None:
        found += [Conflict(REASON_ROOM_TAKEN, key) for _, _, key in _index(room_busy).overlapping(start, end)]
    return tuple(found)
