"""Sending one message of the outbox: claim it, decide whether it is still wanted, send, record.

The claim is a conditional update committed before anything is sent, so of two workers (or a
task the framework ran twice) exactly one sends. A worker that dies while sending leaves its
claim behind; after the claim's lease (``TRIGGERFINDER_MESSAGE_CLAIM_SECONDS``) the message may be claimed again (``outbox.requeue_due``).
Only a crash after the mail server took the message and before the database heard of it can
send it twice; the Message-ID is the same for every attempt, so the receiving side can tell.

What a message says is decided now, from the appointment as it is: a reminder of a moved or
cancelled appointment, or for a client who withdrew, is not sent; a notice says what changed
since the client last heard (``core.messaging.notice_to_send``). A reminder goes out only while
the safety gate would let the appointment be booked (``Decision.may_remind``): while a red flag
waits for a doctor or a postponement runs, the practice calls the client instead, and the
message shows on the lead's list of messages needing attention.
"""

from __future__ import annotations

import smtplib
from datetime import datetime

from django.conf import settings as django_settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from triggerfinder.conf import conf
from triggerfinder.core import messaging
from triggerfinder.models import Appointment, MessageSettings, OutgoingMessage
from triggerfinder.presentation.messages import Letter, QuestionnaireLetter, compose, compose_questionnaire
from triggerfinder.security import links
from triggerfinder.selectors import decisions
from triggerfinder.selectors.messaging import message_settings
from triggerfinder.services.messaging.records import claim_lease, slot_from_json, slot_of
from triggerfinder.services.questionnaires import questionnaire_reissue, questionnaire_url

Status = OutgoingMessage.Status

RETRY = "retry"  # the task queues the next attempt at the message's new due time
NOT_CLAIMED = "not-claimed"

# Why a message was not sent (OutgoingMessage.outcome), for the lead's list.
SKIP_NO_CONSENT = "no-consent"
SKIP_NOT_BOOKED = "not-booked"
SKIP_MOVED = "moved"
SKIP_PAST = "past"
SKIP_NOTHING_CHANGED = "nothing-changed"
SKIP_HELD_BY_GATE = messaging.HELD_BY_GATE
SKIP_QUESTIONNAIRE_CLOSED = "questionnaire-closed"  # answered, replaced or expired meanwhile


def is_permanent(error: Exception) -> bool:
    """A refusal a later attempt will not change: the server answered 5xx for the address, the
    sender or the message. A 4xx ("try again later"), a time-out or a dropped line is temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def claim(message_id: int, *, worker: str, now: datetime) -> bool:
    return bool(
        OutgoingMessage.objects.filter(pk=message_id)
        .filter(
            Q(status=Status.PENDING, due_at__lte=now)
            | Q(status=Status.SENDING, claimed_at__lt=now - claim_lease())
        )
        .update(status=Status.SENDING, claimed_at=now, claimed_by=worker[:100], updated_at=now)
    )


def _finish(
    message: OutgoingMessage, status: str, *, outcome: str = "", now: datetime, **fields: object
) -> None:
    """Record the end of this attempt; only the worker holding the claim may."""
    OutgoingMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at
    ).update(status=status, outcome=outcome, updated_at=now, **fields)


def _what_to_say(message: OutgoingMessage, now: datetime) -> tuple[str, str]:
    """("send", kind) or ("skip", why)."""
    appointment = message.appointment
    assert appointment is not None
    if not message.client.may_receive_messages:
        return "skip", SKIP_NO_CONSENT
    current = slot_of(appointment)
    if message.kind == OutgoingMessage.Kind.REMINDER:
        if appointment.status != Appointment.Status.BOOKED:
            return "skip", SKIP_NOT_BOOKED
        if not message.key.endswith(f":{int(appointment.start.timestamp())}"):
            return "skip", SKIP_MOVED
        if appointment.start <= now:
            return "skip", SKIP_PAST
        day = timezone.localdate(appointment.start)
        if not decisions.client_decision(message.client).may_remind(day):
            return "skip", SKIP_HELD_BY_GATE
        return "send", messaging.REMINDER
    said = messaging.notice_to_send(slot_from_json(message.baseline), current)
    if said is None:
        return "skip", SKIP_NOTHING_CHANGED
    if said != messaging.CANCELLED and appointment.start <= now:
        return "skip", SKIP_PAST
    return "send", said


def message_id_of(message: OutgoingMessage) -> str:
    domain = conf.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return f"<triggerfinder.{message.key.replace(':', '.')}@{domain}>"


def letter_for(message: OutgoingMessage, kind: str, practice: MessageSettings) -> Letter:
    appointment = message.appointment
    assert appointment is not None
    client = message.client
    language = client.preferred_language
    return Letter(
        kind=kind,
        language=language,
        to=client.email,
        first_name=client.first_name,
        slot=slot_of(appointment),
        appointment_pk=appointment.pk,
        sequence=appointment.version,
        practice=conf.PRACTICE_NAME,
        practice_phone=conf.PRACTICE_PHONE,
        sender=practice.sender_email or django_settings.DEFAULT_FROM_EMAIL,
        sender_name=practice.sender_name or conf.PRACTICE_NAME,
        reply_to=practice.reply_to,
        own_words=practice.text(kind, language),
        link_url=""
        if kind == messaging.CANCELLED
        else conf.SITE_URL + links.appointment_link_url(appointment),
        stop_url=conf.SITE_URL + links.withdraw_link_url(client),
        message_id=message_id_of(message),
        timezone_name=str(timezone.get_default_timezone()),
        late_cancellation_hours=practice.late_cancellation_hours,
    )


def _error_text(error: Exception) -> str:
    """The mail server's answer, without the message or its address."""
    if isinstance(error, smtplib.SMTPResponseException):
        detail = (
            error.smtp_error.decode("utf-8", "replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        return f"{error.smtp_code} {detail}"[:300]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _text in error.recipients.values()})
        return _("the mail server refused the address (%(codes)s)") % {"codes": ", ".join(codes)}
    return f"{type(error).__name__}: {error}"[:300]


def _questionnaire_email(
    message: OutgoingMessage, practice: MessageSettings, now: datetime
) -> EmailMultiAlternatives | str:
    """The questionnaire's e-mail with a link made now, or why it is not sent."""
    client, questionnaire = message.client, message.questionnaire
    if not client.may_receive_messages:
        return SKIP_NO_CONSENT
    token = None if questionnaire is None else questionnaire_reissue(questionnaire, now=now)
    if questionnaire is None or token is None:
        return SKIP_QUESTIONNAIRE_CLOSED
    language = client.preferred_language
    return compose_questionnaire(
        QuestionnaireLetter(
            language=language,
            to=client.email,
            first_name=client.first_name,
            practice=conf.PRACTICE_NAME,
            practice_phone=conf.PRACTICE_PHONE,
            sender=practice.sender_email or django_settings.DEFAULT_FROM_EMAIL,
            sender_name=practice.sender_name or conf.PRACTICE_NAME,
            reply_to=practice.reply_to,
            url=conf.SITE_URL + questionnaire_url(token, language),
            expires=questionnaire.expires_at,
            stop_url=conf.SITE_URL + links.withdraw_link_url(client),
            message_id=message_id_of(message),
            timezone_name=str(timezone.get_default_timezone()),
        )
    )


def deliver(message_id: int, *, worker: str = "", now: datetime | None = None) -> str:
    """Send the message if it is due and nobody else has it. Returns what happened."""
    now = now or timezone.now()
    if not claim(message_id, worker=worker, now=now):
        return NOT_CLAIMED
    message = OutgoingMessage.objects.select_related(
        "client", "appointment__therapist", "appointment__room", "questionnaire"
    ).get(pk=message_id)
    practice = message_settings()
    if message.kind == OutgoingMessage.Kind.QUESTIONNAIRE:
        made = _questionnaire_email(message, practice, now)
        detail = messaging.QUESTIONNAIRE
    else:
        action, detail = _what_to_say(message, now)
        made = detail if action == "skip" else compose(letter_for(message, detail, practice), stamp=now)
    if isinstance(made, str):
        _finish(message, Status.SKIPPED, outcome=made, now=now)
        return made
    return _send(message, made, detail, now)


def _send(message: OutgoingMessage, email: EmailMultiAlternatives, detail: str, now: datetime) -> str:
    """Send and record the attempt: sent, another attempt after the back-off, or failed."""
    attempts = message.attempts + 1
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        wait = None if is_permanent(error) else messaging.retry_delay(attempts)
        if wait is None:
            _finish(
                message,
                Status.FAILED,
                outcome=detail,
                now=now,
                attempts=attempts,
                last_error=_error_text(error),
            )
            return Status.FAILED
        message.due_at = now + wait
        _finish(
            message,
            Status.PENDING,
            outcome=detail,
            now=now,
            attempts=attempts,
            last_error=_error_text(error),
            due_at=message.due_at,
        )
        return RETRY
    _finish(message, Status.SENT, outcome=detail, now=now, attempts=attempts, sent_at=now, last_error="")
    return Status.SENT
