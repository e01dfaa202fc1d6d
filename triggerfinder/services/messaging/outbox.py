"""What the appointment book tells clients, put into the outbox inside the write that caused it.

Every booking, move and cancellation calls ``appointment_changed`` in its transaction: the
reminder of the appointment's time is due its lead time before it (a moved appointment's old one
is dropped), and a notice of the change waits a grace period, so that a correction made within it
joins the same notice. Each row is handed to the task framework when the transaction commits;
``requeue_due`` hands over again whatever a crash or a lost task left behind.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from triggerfinder.core import messaging
from triggerfinder.models import Appointment, Client, OutgoingMessage, Questionnaire
from triggerfinder.selectors.messaging import message_settings
from triggerfinder.services.messaging.records import claim_lease, slot_to_json
from triggerfinder.services.messaging.tasks import enqueue
from triggerfinder.services.questionnaires import questionnaire_create
from triggerfinder.types import User

Kind = OutgoingMessage.Kind
Status = OutgoingMessage.Status


def _reminder_key(appointment: Appointment) -> str:
    return f"reminder:{appointment.pk}:{int(appointment.start.timestamp())}"


def _schedule_reminder(appointment: Appointment, *, lead_hours: int, now: datetime) -> None:
    """The reminder of the appointment's current time; any other waiting one of it is dropped."""
    key = _reminder_key(appointment)
    waiting = OutgoingMessage.objects.filter(
        appointment=appointment, kind=Kind.REMINDER, status=Status.PENDING
    )
    if appointment.status != Appointment.Status.BOOKED:
        waiting.update(status=Status.SKIPPED, outcome="cancelled", updated_at=now)
        return
    waiting.exclude(key=key).update(status=Status.SKIPPED, outcome="replaced", updated_at=now)
    if not messaging.reminder_wanted(appointment.start, lead_hours, now):
        return
    due = messaging.reminder_due(appointment.start, lead_hours)
    message, created = OutgoingMessage.objects.get_or_create(
        key=key,
        defaults={
            "kind": Kind.REMINDER,
            "client": appointment.client,
            "appointment": appointment,
            "due_at": due,
        },
    )
    if created:
        enqueue(message)


def _schedule_notice(
    appointment: Appointment, *, before: messaging.Slot | None, grace_minutes: int, now: datetime
) -> None:
    due = now + timedelta(minutes=grace_minutes)
    waiting = (
        OutgoingMessage.objects.select_for_update()
        .filter(appointment=appointment, kind=Kind.NOTICE, status=Status.PENDING, attempts=0)
        .first()
    )
    if waiting is not None:
        # A correction within the grace period: the same notice, from the same baseline, later.
        waiting.due_at = due
        waiting.save(update_fields=["due_at", "updated_at"])
        enqueue(waiting)
        return
    count = OutgoingMessage.objects.filter(appointment=appointment, kind=Kind.NOTICE).count()
    message = OutgoingMessage.objects.create(
        key=f"notice:{appointment.pk}:{count + 1}",
        kind=Kind.NOTICE,
        client=appointment.client,
        appointment=appointment,
        due_at=due,
        baseline=None if before is None else slot_to_json(before),
    )
    enqueue(message)


def appointment_changed(
    appointment: Appointment, *, before: messaging.Slot | None, now: datetime | None = None
) -> None:
    """The appointment was booked (``before`` None), moved or cancelled: schedule what the client
    is told. Nothing for a client who may not receive messages (checked again when sending)."""
    if not appointment.client.may_receive_messages:
        return
    now = now or timezone.now()
    settings = message_settings()
    _schedule_reminder(appointment, lead_hours=settings.reminder_hours, now=now)
    _schedule_notice(appointment, before=before, grace_minutes=settings.notice_grace_minutes, now=now)


@transaction.atomic
def client_may_receive(client: Client, *, now: datetime | None = None) -> int:
    """The client has just agreed to messages: the reminders of their booked appointments ahead.
    Returns how many were scheduled."""
    now = now or timezone.now()
    lead_hours = message_settings().reminder_hours
    booked = Appointment.objects.filter(client=client, status=Appointment.Status.BOOKED, start__gt=now)
    before = OutgoingMessage.objects.filter(client=client, kind=Kind.REMINDER).count()
    for appointment in booked:
        _schedule_reminder(appointment, lead_hours=lead_hours, now=now)
    return OutgoingMessage.objects.filter(client=client, kind=Kind.REMINDER).count() - before


@transaction.atomic
def questionnaire_email(*, client: Client, by: User, now: datetime | None = None) -> Questionnaire:
    """Send the client a new questionnaire by e-mail (older unanswered ones stop working). Its link
    is made when the e-mail goes out, so none is stored here. Only for a client who may receive
    messages (``ValueError`` otherwise: the page offers it only then)."""
    if not client.may_receive_messages:
        raise ValueError("the client has not agreed to e-mail messages")
    now = now or timezone.now()
    questionnaire, _unused = questionnaire_create(client=client, by=by, now=now)  # replaced when sent
    message = OutgoingMessage.objects.create(
        key=f"questionnaire:{questionnaire.pk}",
        kind=Kind.QUESTIONNAIRE,
        client=client,
        questionnaire=questionnaire,
        due_at=now,
    )
    enqueue(message)
    return questionnaire


def client_may_not_receive(client: Client, *, now: datetime | None = None) -> int:
    """The client withdrew: nothing waiting for them is sent (delivery checks again anyway)."""
    return OutgoingMessage.objects.filter(client=client, status=Status.PENDING).update(
        status=Status.SKIPPED, outcome="no-consent", updated_at=now or timezone.now()
    )


@transaction.atomic
def reminders_reschedule(*, now: datetime | None = None) -> int:
    """The lead time changed: every waiting reminder moves to its new time. Returns how many."""
    now = now or timezone.now()
    lead_hours = message_settings().reminder_hours
    moved = 0
    waiting = OutgoingMessage.objects.select_related("appointment").filter(
        kind=Kind.REMINDER, status=Status.PENDING, attempts=0
    )
    for message in waiting:
        assert message.appointment is not None
        start = message.appointment.start
        if not messaging.reminder_wanted(start, lead_hours, now):
            message.status, message.outcome = Status.SKIPPED, "too-late"
            message.save(update_fields=["status", "outcome", "updated_at"])
            continue
        message.due_at = messaging.reminder_due(start, lead_hours)
        message.save(update_fields=["due_at", "updated_at"])
        enqueue(message)
        moved += 1
    return moved


def requeue_due(*, now: datetime | None = None) -> int:
    """Hand every due message to a worker again: those whose task was lost and those a crashed
    worker had claimed. Safe to run at any time and on several machines: the claim decides."""
    now = now or timezone.now()
    due = OutgoingMessage.objects.filter(
        Q(status=Status.PENDING, due_at__lte=now)
        | Q(status=Status.SENDING, claimed_at__lt=now - claim_lease())
    )
    count = 0
    with transaction.atomic():
        for message in due.only("pk", "due_at"):
            enqueue(message)
            count += 1
    return count
