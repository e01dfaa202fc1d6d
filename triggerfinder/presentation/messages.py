"""The practice's messages to clients as e-mails: plain text and HTML, in the client's language,
with the appointment as an ``.ics`` attachment.

A message says when, where, with whom, and how to confirm, cancel or stop the messages, and
nothing else: no muscle, finding, pain or plan (issue 18). Its input is that and no more
(``Letter``), so a template cannot reach for anything else. Every value is escaped in the HTML
part (Django's autoescape); the practice's own words are plain text with safe placeholders
(``core.messaging.fill``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from triggerfinder.core import calendar, messaging
from triggerfinder.presentation.calendars import practice_slug
from triggerfinder.presentation.ics import calendar_ics


@dataclass(frozen=True)
class Letter:
    """Everything one message may say."""

    kind: str  # core.messaging: reminder, booked, moved, cancelled
    language: str
    to: str
    first_name: str
    slot: messaging.Slot
    appointment_pk: int
    sequence: int
    practice: str
    practice_phone: str
    sender: str  # the address
    sender_name: str
    reply_to: str
    own_words: str  # the practice's text for this kind and language, "" for the standard one
    link_url: str  # confirm or cancel ("" once cancelled)
    stop_url: str  # stop all messages
    message_id: str  # the same for every attempt, so a receiving server can drop a repeat
    timezone_name: str
    late_cancellation_hours: int


def _standard_words(kind: str) -> str:
    return {
        messaging.REMINDER: _("This is a reminder of your appointment on {date} at {time}."),
        messaging.BOOKED: _("Your appointment on {date} at {time} is booked."),
        messaging.MOVED: _("Your appointment has been moved to {date} at {time}."),
        messaging.CANCELLED: _("Your appointment on {date} at {time} has been cancelled."),
    }[kind]


def subject(kind: str, when: str, practice: str) -> str:
    values = {"when": when, "practice": practice}
    return {
        messaging.REMINDER: _("Reminder: your appointment on %(when)s – %(practice)s"),
        messaging.BOOKED: _("Appointment booked: %(when)s – %(practice)s"),
        messaging.MOVED: _("Appointment moved: %(when)s – %(practice)s"),
        messaging.CANCELLED: _("Appointment cancelled: %(when)s – %(practice)s"),
    }[kind] % values


def _ics(letter: Letter, stamp: datetime) -> bytes:
    event = calendar.CalendarEvent(
        uid=calendar.appointment_uid(letter.appointment_pk, practice_slug()),
        start=letter.slot.start,
        duration=timedelta(minutes=letter.slot.minutes),
        summary=_("Appointment at %(practice)s") % {"practice": letter.practice},
        location=letter.slot.place,
        sequence=letter.sequence,
        cancelled=letter.kind == messaging.CANCELLED,
    )
    return calendar_ics(
        [event], calendar_name=letter.practice, stamp=stamp, timezone_name=letter.timezone_name
    )


def compose(letter: Letter, *, stamp: datetime) -> EmailMultiAlternatives:
    """The e-mail for ``letter``: subject, text and HTML bodies, headers, the ``.ics``."""
    with translation.override(letter.language):
        local = letter.slot.start.astimezone(calendar.load_zone(letter.timezone_name))
        day = formats.date_format(local, "DATE_FORMAT")
        time = formats.time_format(local, "H:i")  # 24-hour in both languages: "10:00", never "10 a.m.."
        values = {
            "first_name": letter.first_name,
            "date": day,
            "time": time,
            "therapist": letter.slot.therapist,
            "practice": letter.practice,
        }
        words = messaging.fill(letter.own_words or _standard_words(letter.kind), values)
        context = {
            "letter": letter,
            "words": words,
            "date": day,
            "time": time,
            "weekday": formats.date_format(local, "l"),
            "cancelled": letter.kind == messaging.CANCELLED,
            "language": letter.language,
        }
        text = render_to_string("triggerfinder/email/message.txt", context)
        html = render_to_string("triggerfinder/email/message.html", context)
        title = subject(letter.kind, f"{day} {time}", letter.practice)
        ics = _ics(letter, stamp)
    email = _email(letter, subject=title, text=text, html=html)
    email.attach(f"appointment-{letter.appointment_pk}.ics", ics, "text/calendar")
    return email


def _email(
    letter: Letter | QuestionnaireLetter, *, subject: str, text: str, html: str
) -> EmailMultiAlternatives:
    """Every message's envelope: from the practice, to the client, text and HTML, the headers."""
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=formataddr((letter.sender_name, letter.sender)),
        to=[letter.to],
        reply_to=[letter.reply_to] if letter.reply_to else None,
        headers={
            "Message-ID": letter.message_id,
            "Content-Language": letter.language,
            "Auto-Submitted": "auto-generated",
            # RFC 8058: mail programs offer a one-click "unsubscribe" that stops the messages.
            "List-Unsubscribe": f"<{letter.stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def preview_letter(
    kind: str,
    language: str,
    *,
    own_words: str,
    therapist: str,
    sender: str,
    sender_name: str,
    reply_to: str,
    late_cancellation_hours: int,
    start: datetime,
    timezone_name: str,
) -> Letter:
    """A sample message for the settings page's preview: made-up client, the practice's texts."""
    from triggerfinder.conf import conf
    from triggerfinder.presentation.calendars import location

    with translation.override(language):
        first_name = _("Erika")
    return Letter(
        kind=kind,
        language=language,
        to="client@example.org",
        first_name=first_name,
        slot=messaging.Slot(start=start, minutes=60, therapist=therapist, place=location(), active=True),
        appointment_pk=0,
        sequence=0,
        practice=conf.PRACTICE_NAME,
        practice_phone=conf.PRACTICE_PHONE,
        sender=sender,
        sender_name=sender_name or conf.PRACTICE_NAME,
        reply_to=reply_to,
        own_words=own_words,
        link_url=f"{conf.SITE_URL}/…",
        stop_url=f"{conf.SITE_URL}/…",
        message_id="<preview@localhost>",
        timezone_name=timezone_name,
        late_cancellation_hours=late_cancellation_hours,
    )


@dataclass(frozen=True)
class QuestionnaireLetter:
    """Everything the questionnaire's e-mail may say: the link and until when it works."""

    language: str
    to: str
    first_name: str
    practice: str
    practice_phone: str
    sender: str
    sender_name: str
    reply_to: str
    url: str
    expires: datetime
    stop_url: str
    message_id: str
    timezone_name: str


def compose_questionnaire(letter: QuestionnaireLetter) -> EmailMultiAlternatives:
    with translation.override(letter.language):
        local = letter.expires.astimezone(calendar.load_zone(letter.timezone_name))
        context = {
            "letter": letter,
            "expires": formats.date_format(local, "DATE_FORMAT"),
            "language": letter.language,
        }
        text = render_to_string("triggerfinder/email/questionnaire.txt", context)
        html = render_to_string("triggerfinder/email/questionnaire.html", context)
        title = _("Before your first visit: a few questions – %(practice)s") % {"practice": letter.practice}
    return _email(letter, subject=title, text=text, html=html)
