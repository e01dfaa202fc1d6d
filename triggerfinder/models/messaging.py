"""The practice's messages to clients: its settings, and the outbox every message passes through.

The outbox is what makes sending safe to repeat: one row per thing to tell a client (its ``key``
is unique), claimed by one worker at a time with a conditional update, so two workers, a retry or
a worker restarted after a crash never send a row that is sent. The row holds no message text and
no health data, only what to say about which appointment; the text is composed when it is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds, messaging
from triggerfinder.models.appointments import Appointment
from triggerfinder.models.clients import Client
from triggerfinder.models.validators import bound_validators

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # django-stubs' type of a lazy text


def _default_late_cancellation_hours() -> int:
    from triggerfinder.conf import conf

    return conf.LATE_CANCELLATION_HOURS


def _text_field(label: str | _StrPromise) -> models.TextField:
    return models.TextField(
        label,
        blank=True,
        max_length=bounds.MESSAGE_TEXT_CHARS.high,
        help_text=_("Empty: the standard text."),
    )


class MessageSettings(models.Model):
    """The practice's one row of message settings (``pk`` 1), edited by the practice lead."""

    sender_name = models.CharField(
        _("sender name"), max_length=100, blank=True, help_text=_("Empty: the practice's name.")
    )
    sender_email = models.EmailField(
        _("sender address"), blank=True, help_text=_("Empty: the server's DEFAULT_FROM_EMAIL.")
    )
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder before the appointment (hours)"),
        default=24,
        validators=bound_validators(bounds.REMINDER_HOURS),
    )
    notice_grace_minutes = models.PositiveSmallIntegerField(
        _("wait for corrections before a notice (minutes)"),
        default=10,
        validators=bound_validators(bounds.NOTICE_GRACE_MINUTES),
    )
    late_cancellation_hours = models.PositiveSmallIntegerField(
        _("late-cancellation notice (hours)"),
        default=_default_late_cancellation_hours,
        validators=bound_validators(bounds.LATE_CANCELLATION_HOURS),
        help_text=_("A client cancelling later than this calls the practice instead."),
    )
    reminder_text_de = _text_field(_("reminder text (German)"))
    reminder_text_en = _text_field(_("reminder text (English)"))
    booked_text_de = _text_field(_("booking text (German)"))
    booked_text_en = _text_field(_("booking text (English)"))
    moved_text_de = _text_field(_("text for a moved appointment (German)"))
    moved_text_en = _text_field(_("text for a moved appointment (English)"))
    cancelled_text_de = _text_field(_("cancellation text (German)"))
    cancelled_text_en = _text_field(_("cancellation text (English)"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message settings")
        verbose_name_plural = _("message settings")

    def __str__(self) -> str:
        return str(_("message settings"))

    def text(self, kind: str, language: str) -> str:
        """The practice's own words for ``kind`` (reminder, booked, moved, cancelled) in ``language``."""
        return str(getattr(self, f"{kind}_text_{language}", "") or "")


class OutgoingMessage(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("reminder")
        NOTICE = "notice", _("notice of a change")
        QUESTIONNAIRE = "questionnaire", _("questionnaire before the first visit")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not needed")

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="outgoing_messages", verbose_name=_("client")
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_messages",
        verbose_name=_("appointment"),
    )
    # The questionnaire whose link it carries (a new link is made when it is sent: none is stored).
    questionnaire = models.ForeignKey(
        "triggerfinder.Questionnaire",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("questionnaire"),
    )
    due_at = models.DateTimeField(_("due"))
    # The appointment as the client last heard of it (a notice's baseline; null: not at all).
    baseline = models.JSONField(_("as the client knew it"), null=True, blank=True)
    # What was said, once it is sent (booked, moved, cancelled, reminder) or why not (skipped).
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="tf_message_due_idx"),
            models.Index(fields=["appointment", "kind", "status"], name="tf_message_appointment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.appointment_id} · {self.get_status_display()}"

    @property
    def held_by_gate(self) -> bool:
        """A reminder the safety gate held back: the practice calls the client instead."""
        return self.status == self.Status.SKIPPED and self.outcome == messaging.HELD_BY_GATE
