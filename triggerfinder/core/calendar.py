"""The rules of the calendar exports (the plan's file for the client, the therapist's feed), as
plain functions over plain values; ``presentation.ics`` writes the document with ``icalendar``
(the pure core imports no third party).

Staying true
    A calendar app that re-imports the plan's file or subscribes to the therapist's feed matches
    events by UID and keeps the one with the highest SEQUENCE. So every appointment has a stable
    UID (``appointment_uid``), a SEQUENCE that goes up with every saved change
    (``appointment_sequence``), and a cancelled one stays in the file with STATUS:CANCELLED
    instead of being left out, which would leave the old entry standing in a calendar that
    imported it once. The DTSTAMP is the time of the export, given by the caller: nothing here
    reads the clock.

Deterministic
    ``ordered_events`` checks the events and sorts them by start and UID, so the same events and
    stamp give the same document.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "FEED_DAYS_AHEAD",
    "FEED_DAYS_BACK",
    "CalendarEvent",
    "appointment_sequence",
    "appointment_uid",
    "clean_text",
    "feed_window",
    "initials",
    "load_zone",
    "matches_token",
    "ordered_events",
    "token_digest",
    "wall_time",
]

# The therapist's feed: appointments from this many days back to this many days ahead.
FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 180

# Control characters other than HTAB and LF are not allowed in iCalendar values (RFC 5545, 3.1);
# a line feed is written as the escaped "\n" of a TEXT value.
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
    cancelled: bool = False


def appointment_uid(pk: int, practice_slug: str) -> str:
    """The UID of an appointment, the same in the plan's file and the feed, and for its whole life
    (moves and cancellation included): ``appointment-<pk>@<practice>.triggerfinder``."""
    return f"appointment-{pk}@{practice_slug or 'practice'}.triggerfinder"


def appointment_sequence(version: int) -> int:
    """The SEQUENCE of an appointment saved ``version`` times (the first save is version 1, and
    every later save, a move or a cancellation among them, raises it by one)."""
    return max(version - 1, 0)


def initials(first_name: str, last_name: str) -> str:
    """ "Łukasz", "Öztürk" → "Ł. Ö.": the first letter or digit of each name, "?" for none."""
    letters = [next((char for char in name if char.isalnum()), "") for name in (first_name, last_name)]
    return " ".join(f"{letter.upper()}." for letter in letters if letter) or "?"


def token_digest(token: str) -> str:
    """What is stored of a feed's secret token: its SHA-256, in hex. The token itself (32 random
    bytes) is shown once and never kept, so a copy of the database opens no feed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def matches_token(stored_digest: str, token: str) -> bool:
    """The token is the one whose digest was stored (compared in constant time)."""
    return hmac.compare_digest(stored_digest.encode("ascii"), token_digest(token).encode("ascii"))


def feed_window(today: date) -> tuple[date, date]:
    """The first and the last day the therapist's feed lists."""
    return today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)


def clean_text(value: str) -> str:
    """A TEXT value without the control characters iCalendar forbids; any line break becomes one
    line feed (written as ``\\n``). The escaping (backslash, comma, semicolon) is the writer's."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARS)


def wall_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` in the zone's wall time, or in UTC when that wall time would name another instant:
    the second pass through the repeated hour at the end of daylight saving time, which a local
    time with TZID cannot say (it means the first pass, RFC 5545 3.3.5)."""
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}; use an IANA name such as 'Europe/Berlin'.") from error


def ordered_events(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    """The events sorted by start and UID. Raises ``ValueError`` for naive starts, non-positive
    durations, negative sequences, empty or duplicate UIDs."""
    events = list(events)
    uids: set[str] = set()
    for event in events:
        _validate_event(event)
        if event.uid in uids:
            raise ValueError(f"Duplicate event UID {event.uid!r}: every event needs its own UID.")
        uids.add(event.uid)
    return sorted(events, key=lambda event: (event.start.astimezone(UTC), event.uid))


def require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be timezone-aware (e.g. tzinfo=ZoneInfo('Europe/Berlin')), got {value}."
        )


def _validate_event(event: CalendarEvent) -> None:
    require_aware(event.start, f"start of event {event.uid!r}")
    if not event.uid.strip():
        raise ValueError("Every event needs a non-empty UID.")
    if event.duration <= timedelta(0):
        raise ValueError(f"Event {event.uid!r} needs a positive duration, got {event.duration}.")
    if isinstance(event.sequence, bool) or not isinstance(event.sequence, int) or event.sequence < 0:
        raise ValueError(
            f"Event {event.uid!r} needs a non-negative integer SEQUENCE, got {event.sequence!r}."
        )


def days_covered(events: Sequence[CalendarEvent], zone: ZoneInfo, fallback: date) -> tuple[date, date]:
    """The first and last local day the events touch (``fallback`` for none)."""
    days = [moment.astimezone(zone).date() for e in events for moment in (e.start, e.start + e.duration)]
    return (min(days), max(days)) if days else (fallback, fallback)
