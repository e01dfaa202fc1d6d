"""The appointment as the outbox records it, shared by scheduling and delivery."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from triggerfinder.conf import conf
from triggerfinder.core import messaging
from triggerfinder.models import Appointment
from triggerfinder.presentation.calendars import location


def claim_lease() -> timedelta:
    """A claim older than this is a crashed worker's: the message may be claimed again."""
    return timedelta(seconds=conf.MESSAGE_CLAIM_SECONDS)


def therapist_name(appointment: Appointment) -> str:
    therapist = appointment.therapist
    return therapist.get_full_name() or therapist.get_username()


def slot_of(appointment: Appointment) -> messaging.Slot:
    """The appointment as a client hears of it."""
    return messaging.Slot(
        start=appointment.start,
        minutes=appointment.duration_minutes,
        therapist=therapist_name(appointment),
        place=location(appointment.room.name if appointment.room else None),
        active=appointment.status == Appointment.Status.BOOKED,
    )


def slot_to_json(slot: messaging.Slot) -> dict[str, Any]:
    return {
        "start": slot.start.isoformat(),
        "minutes": slot.minutes,
        "therapist": slot.therapist,
        "place": slot.place,
        "active": slot.active,
    }


def slot_from_json(data: dict[str, Any] | None) -> messaging.Slot | None:
    if data is None:
        return None
    return messaging.Slot(
        start=datetime.fromisoformat(data["start"]),
        minutes=int(data["minutes"]),
        therapist=str(data["therapist"]),
        place=str(data["place"]),
        active=bool(data["active"]),
    )
