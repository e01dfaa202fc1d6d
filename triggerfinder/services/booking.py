"""A plan's sessions booked as appointments: the whole plan when it is accepted, one session from
an offered slot or a chosen time (issue 17).

The one home of booking a planned session: the slot comes from ``selectors.plan_slots`` (the
search within the client's wishes and the gate), the booking itself is ``appointment_book`` (the
no-double-booking rule and the gate, checked again in the write transaction; the session's
date follows its appointment's local day there). A slot taken meanwhile is searched once more; when that
fails too, the session is left unbooked (the plan page offers other times).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from triggerfinder.core.slots import Slot
from triggerfinder.models import Appointment, PlannedSession, Room, TreatmentPlan
from triggerfinder.selectors.plan_slots import PlanSlots, plan_slots
from triggerfinder.services.appointments import (
    PlannedSessionMismatchError,
    SlotConflictError,
    appointment_book,
)


@dataclass
class BookingSummary:
    booked: list[Appointment] = field(default_factory=list)
    unbooked: list[PlannedSession] = field(default_factory=list)


def _book_slot(
    plan: TreatmentPlan, session: PlannedSession, slot: Slot, rooms: dict[str, Room], now: datetime
) -> Appointment:
    assert plan.client.therapist is not None  # a slot was only searched for a therapist
    return appointment_book(
        therapist=plan.client.therapist,
        client=plan.client,
        start=slot.start,
        duration_minutes=plan.session_minutes,
        room=None if slot.room is None else rooms.get(slot.room),
        planned_session=session,
        now=now,
    )


def plan_book(
    *, plan: TreatmentPlan, now: datetime | None = None, only: Collection[int] | None = None
) -> BookingSummary:
    """Book every open session of the plan that has no active appointment yet (``only``: those
    planned sessions) in the slot the search finds for it. Sessions without a slot stay unbooked."""
    now = now or timezone.now()
    return book_found(plan=plan, found=plan_slots(plan, now=now, only=only, with_offers=False), now=now)


def book_found(*, plan: TreatmentPlan, found: PlanSlots, now: datetime) -> BookingSummary:
    """Book the slots ``found`` (a ``plan_slots`` result, read a moment ago); a slot taken
    meanwhile is searched once more, then left unbooked."""
    summary = BookingSummary()
    for row in found.rows:
        if row.result is None:
            continue
        slot, rooms = row.result.slot, found.rooms or {}
        for attempt in range(2):
            if slot is None:
                break
            try:
                summary.booked.append(_book_slot(plan, row.session, slot, rooms, now))
                break
            except SlotConflictError:
                if attempt:
                    slot = None
                    break
                again = plan_slots(plan, now=now, only=[row.session.pk], with_offers=False)
                retry = next((r.result for r in again.rows if r.session.pk == row.session.pk), None)
                slot, rooms = (None if retry is None else retry.slot), again.rooms or {}
        if slot is None:
            summary.unbooked.append(row.session)
    return summary


class SessionNotBookableError(Exception):
    """Only an open session of an accepted plan, without an active appointment, is booked."""


@transaction.atomic
def planned_session_book(
    *, session: PlannedSession, start: datetime, room: Room | None = None, now: datetime | None = None
) -> Appointment:
    """Book one open session of an accepted plan at ``start`` (an offered slot or a time typed
    in); refused like any booking (``SlotConflictError`` with the reasons)."""
    session = PlannedSession.objects.select_related("plan__client__therapist").get(pk=session.pk)
    plan = session.plan
    therapist = plan.client.therapist
    if plan.status != TreatmentPlan.Status.ACCEPTED or therapist is None:
        raise SessionNotBookableError(plan.status)
    try:
        return appointment_book(
            therapist=therapist,
            client=plan.client,
            start=start,
            duration_minutes=plan.session_minutes,
            room=room,
            planned_session=session,
            now=now,
        )
    except PlannedSessionMismatchError as error:
        raise SessionNotBookableError(str(error)) from error
