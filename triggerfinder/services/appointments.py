"""Writes of the appointment book: book, move, cancel, mark done or no-show (issue 17), and the
client's confirmation (issue 18).

No double booking: every booking and move checks the time with the core's ``conflicts`` (working
hours, closed days, absences, the therapist's other appointments and buffer, the room) inside the
write transaction. The therapist's row, then the active rooms, are locked first (PostgreSQL), and
SQLite's IMMEDIATE transactions hold the database's write lock from the start, so two bookings of
the same time queue and the second one sees the first. On PostgreSQL the exclusion constraints of
migration 0019 hold even against a write that bypasses this module; a violation is reported as the
same ``SlotConflictError``.

The safety gate (``core.gate.Decision.may_book``, read from the client's current findings) decides
whether a day may be booked: nothing while a red flag is uncleared, nothing before a postpone date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import availability as core
from triggerfinder.models import Appointment, Client, PlannedSession, Room
from triggerfinder.selectors import availability as book
from triggerfinder.selectors import decisions
from triggerfinder.selectors.messaging import message_settings
from triggerfinder.services.guards import ensure_writable, expect_version
from triggerfinder.services.messaging import outbox, records
from triggerfinder.types import User

Status = Appointment.Status
MARKS = (Status.DONE, Status.NO_SHOW)


class SlotConflictError(Exception):
    """The time is refused: ``conflicts`` say why (``reasons``: the core's stable ``REASON_*`` keys,
    each once, in order), the shell translates them."""

    def __init__(self, conflicts: tuple[core.Conflict, ...]) -> None:
        self.conflicts = conflicts
        self.reasons = tuple(dict.fromkeys(conflict.reason for conflict in conflicts))
        super().__init__(", ".join(self.reasons))


class AppointmentStateError(Exception):
    """The appointment's status does not allow this (only a booked one moves or is cancelled; only
    one that has begun is marked done or no-show)."""


class PlannedSessionMismatchError(ValueError):
    """The planned session is not an open one of this client's plans, or is booked already."""


def _lock(therapist: User) -> list[Room]:
    """Hold the therapist's row and the active rooms (in one order), so that two writes for the
    same therapist or the same rooms queue on PostgreSQL; SQLite holds its write lock already."""
    list(get_user_model().objects.select_for_update().filter(pk=therapist.pk).values_list("pk", flat=True))
    return list(Room.objects.select_for_update().filter(active=True).order_by("pk"))


def _place(
    *,
    therapist: User,
    client: Client,
    start: datetime,
    duration_minutes: int,
    room: Room | None,
    exclude: int | None,
    now: datetime,
) -> Room | None:
    """Check the time and choose the room (the one given, or the first free one), or raise ``SlotConflictError`` with every reason."""
    if timezone.is_naive(start):
        raise ValueError("an appointment starts at a timezone-aware time")
    active_rooms = _lock(therapist)
    candidate = core.Interval(start, start + timedelta(minutes=duration_minutes))
    day = start.astimezone(book.practice_tz()).date()
    data = book.book_data(therapist, day - timedelta(days=1), day + timedelta(days=1), exclude=exclude)
    extra: list[core.Conflict] = []
    if room is not None and not room.active:
        raise ValueError(f"room {room.pk} is not in use")
    if room is None and data.rooms:
        free = core.free_room(candidate.start, candidate.end, data.rooms)
        if free is None:
            extra.append(core.Conflict(core.REASON_NO_ROOM))
        else:
            room = next(r for r in active_rooms if str(r.pk) == free)
    found = core.conflicts(
        candidate,
        availability=data.availability,
        therapist_busy=data.busy,
        room=None if room is None else str(room.pk),
        room_busy=() if room is None else data.rooms.get(str(room.pk), ()),
        now=now,
    )
    decision = decisions.client_decision(client)
    if decision.blocked:
        extra.append(core.Conflict(core.REASON_BLOCKED))
    elif not decision.may_book(day):
        assert decision.not_before is not None  # only a postpone date refuses an unblocked day
        extra.append(core.Conflict(core.REASON_TOO_EARLY, decision.not_before.isoformat()))
    if found or extra:
        raise SlotConflictError((*found, *extra))
    return room


def _save(appointment: Appointment) -> None:
    """Save; on PostgreSQL an exclusion constraint may still refuse an overlap written meanwhile."""
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        message = str(error)
        if "tf_appointment_room_no_overlap" in message:
            raise SlotConflictError((core.Conflict(core.REASON_ROOM_TAKEN),)) from error
        if "tf_appointment_therapist_no_overlap" in message:
            raise SlotConflictError((core.Conflict(core.REASON_OVERLAP),)) from error
        raise


def _check_planned(client: Client, planned_session: PlannedSession | None) -> None:
    if planned_session is None:
        return
    if planned_session.plan.client_id != client.pk or planned_session.status not in PlannedSession.OPEN:
        raise PlannedSessionMismatchError(f"planned session {planned_session.pk}")
    if planned_session.appointments.filter(status__in=Appointment.ACTIVE).exists():
        raise PlannedSessionMismatchError(f"planned session {planned_session.pk} is booked already")


@transaction.atomic
def appointment_book(
    *,
    therapist: User,
    client: Client,
    start: datetime,
    duration_minutes: int | None = None,
    room: Room | None = None,
    planned_session: PlannedSession | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a time. Without ``room`` and where the practice has rooms, the first free one (by
    name) is taken; none free is ``no-room``."""
    ensure_writable(client)
    _check_planned(client, planned_session)
    minutes = conf.SESSION_MINUTES if duration_minutes is None else duration_minutes
    appointment = Appointment(
        therapist=therapist,
        client=client,
        start=start,
        duration_minutes=minutes,
        room=room,
        planned_session=planned_session,
    )
    appointment.full_clean(exclude=["end"], validate_constraints=False)
    appointment.room = _place(
        therapist=therapist,
        client=client,
        start=start,
        duration_minutes=minutes,
        room=room,
        exclude=None,
        now=now or timezone.now(),
    )
    _save(appointment)
    _follow_planned(appointment)
    outbox.appointment_changed(appointment, before=None, now=now)
    return appointment


_KEEP_ROOM = Room()  # the default of ``appointment_move``: keep the room (or choose one anew)


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    start: datetime,
    duration_minutes: int | None = None,
    room: Room | None = _KEEP_ROOM,
    version: int | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Move a booked appointment (and change its length or room); the time is checked like a new
    booking, leaving the appointment itself out."""
    appointment = Appointment.objects.select_for_update().select_related("client").get(pk=appointment.pk)
    expect_version(appointment, version)
    ensure_writable(appointment.client)
    if appointment.status != Status.BOOKED:
        raise AppointmentStateError(appointment.status)
    before = records.slot_of(appointment)
    if start != appointment.start:
        appointment.confirmed_at = None  # the client confirmed the old time, not this one
    appointment.start = start
    if duration_minutes is not None:
        appointment.duration_minutes = duration_minutes
    wanted = appointment.room if room is _KEEP_ROOM else room
    appointment.full_clean(exclude=["end", "room"], validate_constraints=False)
    appointment.room = _place(
        therapist=appointment.therapist,
        client=appointment.client,
        start=start,
        duration_minutes=appointment.duration_minutes,
        room=wanted if wanted is None or wanted.active else None,
        exclude=appointment.pk,
        now=now or timezone.now(),
    )
    _save(appointment)
    _follow_planned(appointment)
    outbox.appointment_changed(appointment, before=before, now=now)
    return appointment


def _follow_planned(appointment: Appointment) -> None:
    """The planned session the appointment fulfils is on the appointment's local day (its number
    stays: the appointment keeps its link)."""
    if appointment.planned_session_id is None:
        return
    day = appointment.start.astimezone(book.practice_tz()).date()
    session = PlannedSession.objects.get(pk=appointment.planned_session_id)
    if session.date != day:
        session.date = day
        session.save(update_fields=["date"])  # saved, so that the history keeps the earlier day


def is_late(appointment: Appointment, now: datetime) -> bool:
    """A client's cancellation within the notice (the practice's message settings; by default
    ``TRIGGERFINDER_LATE_CANCELLATION_HOURS``)."""
    return appointment.start - now < timedelta(hours=notice_hours())


@transaction.atomic
def appointment_cancel(
    *,
    appointment: Appointment,
    by_client: bool,
    version: int | None = None,
    now: datetime | None = None,
    reason: str = "",
) -> Appointment:
    """Cancel a booked appointment: by the client (late within the notice) or by the practice. Its
    time is free again; a planned session it was for may be booked anew. ``reason``: what the
    client wrote, if anything (the link in an e-mail), at most ``bounds.CANCEL_REASON_CHARS``."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    expect_version(appointment, version)
    if appointment.status != Status.BOOKED:
        raise AppointmentStateError(appointment.status)
    before = records.slot_of(appointment)
    if by_client:
        late = is_late(appointment, now or timezone.now())
        appointment.status = Status.CANCELLED_LATE if late else Status.CANCELLED_BY_CLIENT
    else:
        appointment.status = Status.CANCELLED_BY_PRACTICE
    appointment.cancel_reason = reason.strip()
    Appointment._meta.get_field("cancel_reason").run_validators(appointment.cancel_reason)
    appointment.save()
    outbox.appointment_changed(appointment, before=before, now=now)
    return appointment


@transaction.atomic
def appointment_confirm(*, appointment: Appointment, now: datetime | None = None) -> Appointment:
    """The client confirmed a booked appointment still to come (the link in an e-mail). Confirmed
    once, the first moment stays."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != Status.BOOKED or appointment.start <= now:
        raise AppointmentStateError(appointment.status)
    if appointment.confirmed_at is None:
        appointment.confirmed_at = now
        appointment.save()
    return appointment


@transaction.atomic
def appointment_mark(
    *, appointment: Appointment, status: str, version: int | None = None, now: datetime | None = None
) -> Appointment:
    """Mark an appointment that has begun done or no-show (and correct one mark into the other)."""
    if status not in MARKS:
        raise ValueError(f"an appointment is marked {' or '.join(MARKS)}, not {status!r}")
    appointment = Appointment.objects.select_for_update().select_related("client").get(pk=appointment.pk)
    expect_version(appointment, version)
    ensure_writable(appointment.client)
    if appointment.status not in (Status.BOOKED, *MARKS) or appointment.start > (now or timezone.now()):
        raise AppointmentStateError(appointment.status)
    if appointment.status != status:
        appointment.status = status
        appointment.save()
    return appointment


def planned_session_held(planned_session: PlannedSession, *, now: datetime | None = None) -> None:
    """A treatment session fulfilled the planned session: its active appointment, once it has
    begun, is done (the one place a recorded session marks its appointment)."""
    now = now or timezone.now()
    for appointment in Appointment.objects.filter(
        planned_session=planned_session, status=Status.BOOKED, start__lte=now
    ):
        appointment_mark(appointment=appointment, status=Status.DONE, now=now)


def notice_hours() -> int:
    """The notice a client's cancellation needs not to count as late (in hours)."""
    return message_settings().late_cancellation_hours
