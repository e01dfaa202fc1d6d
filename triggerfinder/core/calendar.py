"""Export the appointments of a treatment plan as an iCalendar (RFC 5545) document.

Why hand-written
    The subset of iCalendar needed here (one VTIMEZONE, a handful of VEVENTs, TEXT escaping and line
    folding) is small and fully specified by RFC 5545, so it is written out directly instead of adding a
    runtime dependency. The ``icalendar`` package is only used by the tests, as an independent parser that
    checks the output.

Why pure and deterministic
    This module uses the standard library only (no Django), so it can be used and tested on its own. The
    function never reads the clock: the DTSTAMP comes from the caller's ``stamp`` and events are sorted by
    start and UID. The same events therefore always give the same bytes. Together with stable UIDs (for
    example ``plan-12-session-3@triggerfinder``) and a SEQUENCE that is bumped when an appointment changes,
    this lets calendar clients that re-import or subscribe to the file update existing entries instead of
    creating duplicates.

Time zones
    Event times are written as local times with ``TZID`` and the matching VTIMEZONE is derived from the IANA
    database (``zoneinfo``): the UTC offset transitions in the years the events cover (and the year before)
    are located and expressed as yearly RRULEs such as ``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``. This gives the
    EU rules for Europe/Berlin and works for other zones whose rules are "n-th / last weekday of a month"
    (or which have no daylight saving time at all). Zones whose rules changed within the covered years or
    cannot be written that way raise ``ValueError``.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["CalendarEvent", "calendar_ics", "escape_text", "fold_line"]

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters other than HTAB are not allowed in iCalendar values (RFC 5545, 3.1); line feeds are
# kept here because escape_text() turns them into "\\n".
_CONTROL_CHARS = {code: None for code in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]}


@dataclass(frozen=True)
class CalendarEvent:
    """One appointment. ``start`` must be timezone-aware; ``uid`` must be stable and globally unique."""

    uid: str
    start: datetime
    duration: timedelta
    summary: str
    description: str = ""
    location: str = ""
    sequence: int = 0


def calendar_ics(
    events: Sequence[CalendarEvent],
    *,
    calendar_name: str,
    stamp: datetime,
    timezone_name: str = "Europe/Berlin",
    product_id: str = "-//triggerfinder//triggerfinder//EN",
) -> str:
    """Return an iCalendar document (``METHOD:PUBLISH``) with one VEVENT per event.

    Times are written in ``timezone_name`` with a matching VTIMEZONE. ``stamp`` (timezone-aware) becomes
    every event's DTSTAMP. Raises ``ValueError`` for naive datetimes, non-positive durations, negative
    sequences, empty or duplicate UIDs, and time zones that cannot be described (see module docstring).
    """
    _require_aware(stamp, "stamp")
    zone = _load_zone(timezone_name)
    uids: set[str] = set()
    for event in events:
        _validate_event(event)
        if event.uid in uids:
            raise ValueError(f"Duplicate event UID {event.uid!r}: every event needs its own UID.")
        uids.add(event.uid)

    ordered = sorted(events, key=lambda event: (event.start.astimezone(UTC), event.uid))
    years = [
        moment.astimezone(zone).year
        for event in ordered
        for moment in (event.start, event.start.astimezone(UTC) + event.duration)
    ] or [stamp.astimezone(zone).year]

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(product_id)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
        f"X-WR-TIMEZONE:{escape_text(timezone_name)}",
        *_vtimezone_lines(zone, timezone_name, min(years), max(years)),
    ]
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for event in ordered:
        end = event.start.astimezone(UTC) + event.duration  # elapsed time, also across DST changes
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{dtstamp}",
            _date_time_line("DTSTART", event.start, zone, timezone_name),
            _date_time_line("DTEND", end, zone, timezone_name),
            f"SEQUENCE:{event.sequence}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks.

    Any line break (CRLF, CR or LF) becomes ``\\n``; other control characters are dropped.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARS)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold one content line so that no physical line exceeds 75 octets (RFC 5545, 3.1).

    Lines are split between characters, never inside a multi-byte UTF-8 sequence; each continuation line
    starts with a single space (which counts towards its 75 octets). The result has no trailing CRLF.
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        char_size = len(char.encode("utf-8"))
        if size + char_size > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += char_size
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


# --- validation --------------------------------------------------------------------------------------------


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware (e.g. tzinfo=ZoneInfo('Europe/Berlin')), got {value}."
        )


def _validate_event(event: CalendarEvent) -> None:
    _require_aware(event.start, f"start of event {event.uid!r}")
    if not event.uid.strip():
        raise ValueError("Every event needs a non-empty UID.")
    if event.duration <= timedelta(0):
        raise ValueError(f"Event {event.uid!r} needs a positive duration, got {event.duration}.")
    if isinstance(event.sequence, bool) or not isinstance(event.sequence, int) or event.sequence < 0:
        raise ValueError(
            f"Event {event.uid!r} needs a non-negative integer SEQUENCE, got {event.sequence!r}."
        )


def _load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}; use an IANA name such as 'Europe/Berlin'.") from error


# --- date-time formatting ----------------------------------------------------------------------------------


def _param_value(value: str) -> str:
    return f'"{value}"' if any(char in value for char in ":;,") else value


def _date_time_line(name: str, moment: datetime, zone: tzinfo, zone_name: str) -> str:
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        # The second pass through a repeated hour (end of DST): a local time with TZID would mean the
        # first pass (RFC 5545, 3.3.5), so write this instant in UTC instead.
        return f"{name}:{moment.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    return f"{name};TZID={_param_value(zone_name)}:{local.strftime('%Y%m%dT%H%M%S')}"


def _format_offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


# --- VTIMEZONE ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Transition:
    onset: datetime  # naive local wall time at which the change happens, in the old offset
    offset_from: timedelta
    offset_to: timedelta
    name: str

    def ordinals(self) -> set[int]:
        """The BYDAY ordinals (1..5 or -1 for "last") that describe this date within its month."""
        days_in_month = _calendar.monthrange(self.onset.year, self.onset.month)[1]
        result = {(self.onset.day - 1) // 7 + 1}
        if self.onset.day > days_in_month - 7:
            result.add(-1)
        return result

    def shape(self) -> tuple[object, ...]:
        """Everything that must be the same every year for one yearly RRULE to describe the change."""
        weekday = self.onset.weekday()
        return (self.onset.month, weekday, self.onset.time(), self.offset_from, self.offset_to, self.name)


def _offset_at(zone: tzinfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def _transitions_in(zone: tzinfo, year: int) -> list[_Transition]:
    """Find the UTC offset changes during ``year`` (UTC) by a daily scan refined to the second."""
    result = []
    cursor = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = _offset_at(zone, cursor)
    while cursor < end:
        step = min(cursor + timedelta(days=1), end)
        if _offset_at(zone, step) == before:
            cursor = step
            continue
        low, high = cursor, step  # offset(low) == before != offset(high)
        while high - low > timedelta(seconds=1):
            middle = low + (high - low) // 2
            if _offset_at(zone, middle) == before:
                low = middle
            else:
                high = middle
        offset_to = _offset_at(zone, high)
        name = high.astimezone(zone).tzname() or _format_offset(offset_to)
        result.append(_Transition((high + before).replace(tzinfo=None), before, offset_to, name))
        cursor, before = high, offset_to
    return result


def _vtimezone_lines(zone: tzinfo, zone_name: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE valid for ``first_year - 1`` up to ``last_year``, with one yearly rule per change."""
    if first_year - 1 < 1 or last_year + 1 > 9999:
        raise ValueError(f"Dates must lie between the years 2 and 9998, got {first_year}..{last_year}.")
    years = range(first_year - 1, last_year + 1)
    per_year = [_transitions_in(zone, year) for year in years]
    reference = per_year[0]
    problem = f"The rules of time zone {zone_name!r} cannot be written as a simple yearly VTIMEZONE"

    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_name}"]
    if not reference:
        if any(per_year):
            raise ValueError(f"{problem}: its UTC offset changes in {years.start}..{years.stop - 1}.")
        start = datetime(years.start, 1, 1, tzinfo=zone)
        offset = _format_offset(_offset_at(zone, start))
        lines += [
            "BEGIN:STANDARD",
            f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            f"TZNAME:{escape_text(start.tzname() or offset)}",
            "END:STANDARD",
        ]
        return [*lines, "END:VTIMEZONE"]

    if len(reference) != 2 or reference[0].offset_to != reference[1].offset_from:
        raise ValueError(f"{problem}: expected two offset changes a year, found {len(reference)}.")
    for transition_index, transition in enumerate(reference):
        ordinals = transition.ordinals()
        for transitions in per_year:
            if len(transitions) != 2 or transitions[transition_index].shape() != transition.shape():
                raise ValueError(f"{problem}: its rules change in {years.start}..{years.stop - 1}.")
            ordinals &= transitions[transition_index].ordinals()
        if not ordinals:
            raise ValueError(
                f"{problem}: the change in month {transition.onset.month} is not on a fixed weekday."
            )
        ordinal = min(ordinals)  # prefer "last" (-1) over "4th" when both fit every year
        kind = "DAYLIGHT" if transition.offset_to > transition.offset_from else "STANDARD"
        weekday = _WEEKDAYS[transition.onset.weekday()]
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{transition.onset.strftime('%Y%m%dT%H%M%S')}",
            f"TZOFFSETFROM:{_format_offset(transition.offset_from)}",
            f"TZOFFSETTO:{_format_offset(transition.offset_to)}",
            f"TZNAME:{escape_text(transition.name)}",
            f"RRULE:FREQ=YEARLY;BYMONTH={transition.onset.month};BYDAY={ordinal}{weekday}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]
