"""Reads of the practice's messages: its settings and the outbox as the practice lead sees it."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from triggerfinder.core import messaging
from triggerfinder.models import MessageSettings, OutgoingMessage

SETTINGS_PK = 1


def message_settings() -> MessageSettings:
    """The practice's message settings; the defaults (unsaved) until the lead first saves them."""
    return MessageSettings.objects.filter(pk=SETTINGS_PK).first() or MessageSettings(pk=SETTINGS_PK)


def messages_needing_attention(*, limit: int = 50) -> QuerySet[OutgoingMessage]:
    """Messages that failed for good or are waiting for another attempt, and reminders the safety
    gate held back for appointments still ahead (the practice calls those clients), newest first."""
    Status = OutgoingMessage.Status
    failing = Q(attempts__gt=0) & ~Q(status__in=[Status.SENT, Status.SKIPPED])
    held = Q(status=Status.SKIPPED, outcome=messaging.HELD_BY_GATE, appointment__start__gt=timezone.now())
    return (
        OutgoingMessage.objects.filter(failing | held)
        .select_related("client", "appointment")
        .order_by("-updated_at", "-pk")[:limit]
    )


def message_counts() -> dict[str, int]:
    """How many messages are in each status."""
    rows = OutgoingMessage.objects.values("status").annotate(n=Count("pk")).order_by()
    counts = {status: 0 for status in OutgoingMessage.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def outgoing_message(pk: int) -> OutgoingMessage:
    return get_object_or_404(OutgoingMessage, pk=pk)


def messages_failed_count() -> int:
    """Messages that failed for good: the practice lead's home page says so."""
    return OutgoingMessage.objects.filter(status=OutgoingMessage.Status.FAILED).count()
