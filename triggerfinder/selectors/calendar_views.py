"""Reads for the appointment book's day and week views and the home page's today (issue 17).

A therapist sees their own appointments of clients they may see; the practice lead sees every
therapist's (``security.roles``). Restricted records are left out of every list. Each read is a
fixed number of queries, however many appointments the days hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from triggerfinder.core.slots import Slot, free_slots
from triggerfinder.models import Appointment, Client, PlannedSession
from triggerfinder.security.roles import PRACTICE_LEAD, THERAPIST, can_see_all_clients, client_visibility
from triggerfinder.selectors import decisions
from triggerfinder.selectors.availability import book_data, day_bounds, practice_tz
from triggerfinder.selectors.clients import visible_or_404
from triggerfinder.types import User


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def visible_appointments(user: User) -> QuerySet[Appointment]:
    """The appointments the user may see, restricted records included (for look-ups by id)."""
    found = Appointment.objects.filter(client__in=Client.objects.filter(client_visibility(user)))
    if not can_see_all_clients(user):
        found = found.filter(therapist=user)
    return found


def appointment_get(*, user: User, pk: int) -> Appointment:
    """The appointment, or a 404 when it does not exist or the user may not see it."""
    return visible_or_404(visible_appointments(user).select_related("client", "therapist", "room"), pk)


@dataclass(frozen=True)
class BookEntry:
    """One appointment for a page: its local times, and the planned session's place in its plan
    ("3 of 10"; ``number`` None when it fulfils no planned session)."""

    appointment: Appointment
    start: datetime
    end: datetime
    number: int | None
    total: int | None

    @property
    def day(self) -> date:
        return self.start.date()


def _total(planned: PlannedSession) -> int:
    plan = planned.plan
    return plan.maintenance_visits if planned.kind == PlannedSession.Kind.MAINTENANCE else plan.cycle_length


def appointments_between(
    *, user: User, first: date, last: date, therapist: int | None = None
) -> list[BookEntry]:
    """The appointments from ``first`` to ``last`` (the practice's days, inclusive) that the user
    may see, cancelled ones included, by start; ``therapist`` narrows them to one therapist. One
    query."""
    begin, end = day_bounds(first, last)
    found = (
        visible_appointments(user)
        .filter(start__lt=end, end__gt=begin, client__restricted_at__isnull=True)
        .select_related("client", "therapist", "room", "planned_session__plan")
        .order_by("start", "therapist_id", "pk")
    )
    if therapist is not None:
        found = found.filter(therapist_id=therapist)
    tz = practice_tz()
    return [book_entry(appointment, tz) for appointment in found]


def book_entry(appointment: Appointment, tz: tzinfo) -> BookEntry:
    """The appointment for a page (its planned session and plan loaded with it)."""
    planned = appointment.planned_session
    return BookEntry(
        appointment=appointment,
        start=appointment.start.astimezone(tz),
        end=appointment.end.astimezone(tz),
        number=None if planned is None else planned.number,
        total=None if planned is None else _total(planned),
    )


def book_therapists(*, user: User, among: Iterable[BookEntry] = ()) -> list[User]:
    """Whose appointments the user may see, for the columns and the filter: the user alone for a
    therapist; for the lead every active therapist and lead, and anyone with an appointment in
    ``among``. One query."""
    if not can_see_all_clients(user):
        return [user]
    ids = {entry.appointment.therapist_id for entry in among}
    return list(
        get_user_model()
        .objects.filter(Q(is_active=True, groups__name__in=[THERAPIST, PRACTICE_LEAD]) | Q(pk__in=ids))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class MoveSlots:
    """The free times for moving ``appointment`` on ``day`` (the practice's day): none when the
    safety gate blocks the client (``blocked``) and none before its ``not_before``."""

    appointment: Appointment
    day: date
    slots: tuple[Slot, ...]
    blocked: bool
    not_before: date | None


def move_slots(*, appointment: Appointment, day: date, now: datetime) -> MoveSlots:
    """The therapist's free slots of the appointment's length on ``day``, leaving the appointment
    itself out, never in the past and never before the gate allows (the gate decides). A fixed
    number of queries, however many appointments the day holds."""
    decision = decisions.client_decision(appointment.client)
    if decision.blocked:
        return MoveSlots(appointment, day, (), True, decision.not_before)
    data = book_data(
        appointment.therapist, day - timedelta(days=1), day + timedelta(days=1), exclude=appointment.pk
    )
    found = free_slots(
        day,
        duration=timedelta(minutes=appointment.duration_minutes),
        availability=data.availability,
        busy=data.busy,
        rooms=data.rooms or None,
        now=now,
        not_before=decision.not_before,
    )
    return MoveSlots(appointment, day, tuple(found), False, decision.not_before)
