"""The appointment book's rows as the core's plain data (``core.availability``): a therapist's
weekly hours, absences, the practice's closed days (public holidays from the ``holidays`` package
for ``TRIGGERFINDER_HOLIDAYS``, and its closing days), the therapist's busy appointments and each
active room's.

``book_data`` reads a date range in six queries, however many appointments it holds. Instants are
UTC; the days are the practice's (``TIME_ZONE``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import holidays
from django.db.models import QuerySet
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import availability as core
from triggerfinder.models import Absence, Appointment, ClosingDay, Room, WorkingHours
from triggerfinder.types import User


def practice_tz() -> tzinfo:
    return timezone.get_default_timezone()


def public_holidays(first: date, last: date) -> frozenset[date]:
    """The public holidays from ``first`` to ``last`` (inclusive) for ``TRIGGERFINDER_HOLIDAYS``."""
    setting = conf.HOLIDAYS
    if setting is None or last < first:
        return frozenset()
    country, subdivision = setting[0], (setting[1] if len(setting) > 1 else None)
    found: set[date] = set()
    for year in range(first.year, last.year + 1):
        found |= _holidays_of(country, subdivision, year)
    return frozenset(day for day in found if first <= day <= last)


@lru_cache(maxsize=64)
def _holidays_of(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """One year's public holidays, computed once per process (the package builds them each time)."""
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def closed_days(first: date, last: date) -> core.ClosedDays:
    closing = ClosingDay.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    return core.ClosedDays(public_holidays=public_holidays(first, last), closing_days=frozenset(closing))


def weekly_hours(therapist: User) -> core.WeeklyHours:
    days: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in WorkingHours.objects.filter(therapist=therapist).values_list(
        "weekday", "start", "end"
    ):
        days.setdefault(weekday, []).append((start, end))
    return core.WeeklyHours({weekday: tuple(sorted(spans)) for weekday, spans in days.items()})


def day_bounds(first: date, last: date, margin: timedelta = timedelta(0)) -> tuple[datetime, datetime]:
    """From the practice's midnight before ``first`` to the one after ``last``, widened by ``margin``,
    in UTC."""
    tz = practice_tz()
    begin = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC) - margin
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC) + margin
    return begin, end


def therapist_availability(therapist: User, first: date, last: date) -> core.Availability:
    """The therapist's availability from ``first`` to ``last``: hours, the absences touching those
    days, the practice's closed days, the buffer."""
    begin, end = day_bounds(first, last)
    absences = tuple(
        core.Absence(start, stop, kind)
        for start, stop, kind in Absence.objects.filter(therapist=therapist, start__lt=end, end__gt=begin)
        .order_by("start")
        .values_list("start", "end", "kind")
    )
    return core.Availability(
        hours=weekly_hours(therapist),
        tz=practice_tz(),
        absences=absences,
        closed=closed_days(first, last),
        buffer_minutes=conf.APPOINTMENT_BUFFER_MINUTES,
    )


def _intervals(rows: Iterable[tuple[int, datetime, datetime]]) -> tuple[core.Interval, ...]:
    return tuple(
        core.Interval(start.astimezone(UTC), end.astimezone(UTC), str(pk)) for pk, start, end in rows
    )


def busy_appointments(begin: datetime, end: datetime, *, exclude: int | None = None) -> QuerySet[Appointment]:
    """Active appointments overlapping ``[begin, end)``."""
    found = Appointment.objects.filter(status__in=Appointment.ACTIVE, start__lt=end, end__gt=begin)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("start")


@dataclass(frozen=True)
class BookData:
    """What the core needs to check or search times for one therapist over some days: ``busy``
    the therapist's active appointments, ``rooms`` each active room's (key: the room's pk as a
    string, in the rooms' order; empty when the practice has no rooms)."""

    availability: core.Availability
    busy: tuple[core.Interval, ...] = ()
    rooms: dict[str, tuple[core.Interval, ...]] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None


def book_data(therapist: User, first: date, last: date, *, exclude: int | None = None) -> BookData:
    """The therapist's availability and busy times, and the rooms', from ``first`` to ``last``;
    ``exclude`` an appointment to leave out (the one being moved). Six queries."""
    availability = therapist_availability(therapist, first, last)
    begin, end = day_bounds(first, last, availability.buffer)
    busy = _intervals(
        busy_appointments(begin, end, exclude=exclude)
        .filter(therapist=therapist)
        .values_list("pk", "start", "end")
    )
    room_ids = list(Room.objects.filter(active=True).order_by("name", "pk").values_list("pk", flat=True))
    rooms: dict[str, list[tuple[int, datetime, datetime]]] = {str(pk): [] for pk in room_ids}
    if room_ids:
        for pk, room_id, start, stop in (
            busy_appointments(begin, end, exclude=exclude)
            .filter(room_id__in=room_ids)
            .values_list("pk", "room_id", "start", "end")
        ):
            rooms[str(room_id)].append((pk, start, stop))
    return BookData(
        availability=availability,
        busy=busy,
        rooms={room: _intervals(rows) for room, rows in rooms.items()},
        first=first,
        last=last,
    )
