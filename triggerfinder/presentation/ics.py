"""Calendar events (``core.calendar``) as an iCalendar (RFC 5545) document, written by ``icalendar``.

No Django and no clock here either: the DTSTAMP is the caller's ``stamp``, the events come sorted
from ``core.calendar.ordered_events``, so the same input gives the same bytes. icalendar does the
escaping and the line folding; the VTIMEZONE comes from its zoneinfo support
(``Calendar.add_missing_timezones``) for the years the events cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import icalendar

from triggerfinder.core.calendar import (
    CalendarEvent,
    clean_text,
    days_covered,
    load_zone,
    ordered_events,
    require_aware,
    wall_time,
)

__all__ = ["calendar_ics"]


def calendar_ics(
    events: Sequence[CalendarEvent],
    *,
    calendar_name: str,
    stamp: datetime,
    timezone_name: str = "Europe/Berlin",
    product_id: str = "-//triggerfinder//triggerfinder//EN",
    refresh_interval: timedelta | None = None,
) -> bytes:
    """An iCalendar document (``METHOD:PUBLISH``) with one VEVENT per event, UTF-8 encoded.

    Times are written in ``timezone_name`` with a matching VTIMEZONE. ``stamp`` (timezone-aware,
    the time of the export) becomes every event's DTSTAMP. ``refresh_interval`` tells subscribing
    apps how often to fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL). Raises ``ValueError`` for
    naive datetimes, non-positive durations, negative sequences, empty or duplicate UIDs and
    unknown time zones.
    """
    require_aware(stamp, "stamp")
    zone = load_zone(timezone_name)
    ordered = ordered_events(events)

    calendar = icalendar.Calendar()
    calendar.add("prodid", clean_text(product_id))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(clean_text(calendar_name)))
    calendar.add("x-wr-timezone", icalendar.vText(timezone_name))
    if refresh_interval is not None:
        calendar.add("refresh-interval", refresh_interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(refresh_interval))

    first, last = days_covered(ordered, zone, stamp.astimezone(zone).date())
    # The zone's changes from a year before the first event to a year after the last one.
    since, until = date(max(first.year - 1, 1), 1, 1), date(min(last.year + 2, 9999), 1, 1)
    # The zone first, also when no event uses it (an empty calendar still says where it is).
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(zone, tzid=timezone_name, first_date=since, last_date=until)
    )
    dtstamp = stamp.astimezone(UTC)
    for event in ordered:
        end = event.start.astimezone(UTC) + event.duration  # elapsed time, also across DST changes
        vevent = icalendar.Event()
        vevent.add("uid", clean_text(event.uid))
        vevent.add("dtstamp", dtstamp)
        vevent.add("dtstart", wall_time(event.start, zone))
        vevent.add("dtend", wall_time(end, zone))
        vevent.add("sequence", event.sequence)
        vevent.add("summary", clean_text(event.summary))
        if event.description:
            vevent.add("description", clean_text(event.description))
        if event.location:
            vevent.add("location", clean_text(event.location))
        vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
        calendar.add_component(vevent)
    return calendar.to_ical()
