"""The practice lead's writes of the messages: the settings, and another attempt at a message."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from triggerfinder.models import MessageSettings, OutgoingMessage
from triggerfinder.selectors.messaging import SETTINGS_PK, message_settings
from triggerfinder.services.messaging.outbox import reminders_reschedule
from triggerfinder.services.messaging.tasks import enqueue


@transaction.atomic
def message_settings_save(settings: MessageSettings) -> MessageSettings:
    """Save the practice's settings; a new lead time moves every waiting reminder to it."""
    settings.pk = SETTINGS_PK
    earlier = message_settings().reminder_hours
    settings.save()
    if settings.reminder_hours != earlier:
        reminders_reschedule()
    return settings


@transaction.atomic
def message_retry(message: OutgoingMessage, *, now: datetime | None = None) -> bool:
    """Another attempt at a message that failed for good, now (the lead fixed the address, say)."""
    now = now or timezone.now()
    updated = OutgoingMessage.objects.filter(pk=message.pk, status=OutgoingMessage.Status.FAILED).update(
        status=OutgoingMessage.Status.PENDING, due_at=now, attempts=0, updated_at=now
    )
    if updated:
        message.due_at = now
        enqueue(message)
    return bool(updated)
