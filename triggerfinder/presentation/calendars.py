"""The calendar exports' events, worded in the active language: a plan's appointments for the
client's file and a therapist's appointments for the private feed (issue 17).

What each may show was decided before: whether a plan may be exported and which days
(``Decision.may_export_calendar``, ``start_allowed``), and what the feed shows of a client
(``Decision.calendar_feed``). Neither ever names a muscle, a finding, pain or notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils.text import slugify
from django.utils.translation import gettext as _

from triggerfinder.conf import conf
from triggerfinder.core import calendar, gate
from triggerfinder.models import Appointment, PlannedSession, TreatmentPlan
from triggerfinder.selectors.calendar_views import BookEntry

# How often a subscribed calendar app should fetch the feed again.
FEED_REFRESH = datetime.timedelta(hours=1)


def practice_slug() -> str:
    return slugify(conf.PRACTICE_NAME) or "practice"


def location(room_name: str | None = None) -> str:
    """The practice's name and address on one line, then the room (if any)."""
    lines = [conf.PRACTICE_NAME, *conf.PRACTICE_ADDRESS.splitlines()]
    if room_name:
        lines.append(room_name)
    return ", ".join(line.strip() for line in lines if line.strip())


def treatment_title(number: int | None, total: int | None, kind: str | None) -> str:
    if kind == PlannedSession.Kind.MAINTENANCE:
        return _("Trigger-point maintenance visit")
    if number is not None and total is not None:
        return _("Trigger-point treatment %(number)d of %(total)d") % {"number": number, "total": total}
    return _("Trigger-point treatment")


def _is_cancelled(appointment: Appointment) -> bool:
    return appointment.status in Appointment.CANCELLED


def plan_appointment_events(
    entries: Iterable[BookEntry], decision: gate.Decision
) -> list[calendar.CalendarEvent]:
    """The plan's appointments for the client: each at its real time and room, cancelled ones as
    cancelled; none on a day the gate does not allow (a postponement the client came back with)."""
    practice = practice_slug()
    events = []
    for entry in entries:
        appointment = entry.appointment
        if not decision.start_allowed(entry.start.date()):
            continue
        planned = appointment.planned_session
        events.append(
            calendar.CalendarEvent(
                uid=calendar.appointment_uid(appointment.pk, practice),
                start=entry.start,
                duration=entry.end - entry.start,
                summary=treatment_title(entry.number, entry.total, planned.kind if planned else None),
                location=location(appointment.room.name if appointment.room else None),
                sequence=calendar.appointment_sequence(appointment.version),
                cancelled=_is_cancelled(appointment),
            )
        )
    return events


def planned_session_events(
    plan: TreatmentPlan, sessions: Iterable[PlannedSession], decision: gate.Decision, zone: datetime.tzinfo
) -> list[calendar.CalendarEvent]:
    """A plan from before the appointment book (no appointment booked for it): its planned dates at
    the plan's session time, as the export always gave them (same UIDs, SEQUENCE 0)."""
    practice = practice_slug()
    events = []
    for session in sessions:
        if not decision.start_allowed(session.date):
            continue  # inside a postponement the client came back with: no appointment then
        total = plan.cycle_length if session.kind == PlannedSession.Kind.CYCLE else plan.maintenance_visits
        events.append(
            calendar.CalendarEvent(
                uid=f"{session.kind}-{session.number}.plan-{plan.pk}@{practice}.triggerfinder",
                start=datetime.datetime.combine(session.date, plan.session_time, tzinfo=zone),
                duration=datetime.timedelta(minutes=plan.session_minutes),
                summary=treatment_title(session.number, total, session.kind),
                location=location(),
            )
        )
    return events


def feed_events(
    entries: Iterable[BookEntry], decisions: Mapping[int, gate.Decision], *, full_names: bool
) -> list[calendar.CalendarEvent]:
    """The therapist's appointments for the private feed: the client's initials (or full name),
    the room, the treatment's place in the plan where the gate allows it, the status when it is
    not simply booked. Never a muscle, a finding, pain or notes."""
    practice = practice_slug()
    events = []
    for entry in entries:
        appointment = entry.appointment
        client = appointment.client
        name = (
            f"{client.first_name} {client.last_name}".strip()
            if full_names
            else calendar.initials(client.first_name, client.last_name)
        )
        decision = decisions.get(client.pk)
        details = []
        if (
            decision is not None
            and decision.calendar_feed == gate.FEED_WITH_PLAN
            and entry.number is not None
        ):
            planned = appointment.planned_session
            details.append(treatment_title(entry.number, entry.total, planned.kind if planned else None))
        if appointment.status != Appointment.Status.BOOKED:
            details.append(str(appointment.get_status_display()))
        events.append(
            calendar.CalendarEvent(
                uid=calendar.appointment_uid(appointment.pk, practice),
                start=entry.start,
                duration=entry.end - entry.start,
                summary=name or "?",
                description="\n".join(details),
                location=location(appointment.room.name if appointment.room else None),
                sequence=calendar.appointment_sequence(appointment.version),
                cancelled=_is_cancelled(appointment),
            )
        )
    return events
