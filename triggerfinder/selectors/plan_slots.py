"""A plan's sessions in the appointment book: each one's active appointment, or the slot the search
proposes for it, or why there is none with the nearest free slots offered (issue 17).

The search is ``core.slots.schedule`` over one ``book_data`` read for the client's therapist, from
the sessions' ideal dates (their planned dates, never before today), within the client's wishes
(``Intake.wishes``). The safety gate decides: blocked, nothing is searched (``blocked``); a
postpone date is the search's ``not_before``. A session with an active appointment is fixed: its
appointment is busy time for the others and it is not searched again. A constant number of
queries, however many sessions the plan has.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import gate, slots
from triggerfinder.models import Appointment, PlannedSession, Room, TreatmentPlan
from triggerfinder.selectors import decisions
from triggerfinder.selectors.availability import book_data, practice_tz
from triggerfinder.types import User

# How far past the last ideal date the book is read: the tolerance's working days, then the offers.
_READ_AHEAD_DAYS = 31 + slots.OFFER_HORIZON_DAYS


@dataclass(frozen=True)
class SessionSlot:
    """One planned session: ``appointment`` its active one; else, when it is open and was
    searched, ``result`` the slot found or the reasons and offers."""

    session: PlannedSession
    appointment: Appointment | None = None
    result: slots.SlotResult | None = None

    @property
    def is_open(self) -> bool:
        return self.session.status in PlannedSession.OPEN


@dataclass(frozen=True)
class PlanSlots:
    """``blocked``: the gate allows no appointment (nothing searched); ``no_hours``: the client
    has no therapist with working hours (nothing to search in); ``rooms``: the rooms by key."""

    rows: tuple[SessionSlot, ...]
    blocked: bool = False
    no_hours: bool = False
    not_before: date | None = None
    rooms: dict[str, Room] | None = None

    @property
    def searched(self) -> bool:
        return not self.blocked and not self.no_hours


def _active(session: PlannedSession) -> Appointment | None:
    return next((a for a in session.appointments.all() if a.status in Appointment.ACTIVE), None)


@dataclass(frozen=True)
class Search:
    results: tuple[slots.SlotResult, ...]
    room_keys: tuple[str, ...] = ()


def search_slots(
    therapist: User,
    ideal_dates: Sequence[date],
    *,
    minutes: int,
    wishes: slots.Wishes,
    not_before: date | None,
    now: datetime,
    offers: int = slots.DEFAULT_OFFERS,
) -> Search | None:
    """The slots of a cycle's ideal dates (never before today) for one therapist, in one
    ``book_data`` read; None when the therapist has no working hours. The caller asks the gate
    first: a blocked client is not searched at all."""
    today = now.astimezone(practice_tz()).date()
    ideals = [max(day, today) for day in ideal_dates]
    if not ideals:
        return Search(())
    data = book_data(therapist, today, max(ideals) + timedelta(days=_READ_AHEAD_DAYS))
    if not data.availability.hours.days:
        return None
    found = slots.schedule(
        ideals,
        duration=timedelta(minutes=minutes),
        availability=data.availability,
        now=now,
        busy=data.busy,
        rooms=data.rooms,
        wishes=wishes,
        tolerance_working_days=conf.SLOT_TOLERANCE_DAYS,
        not_before=not_before,
        offers=offers,
    )
    return Search(found, tuple(data.rooms))


def plan_slots(
    plan: TreatmentPlan,
    *,
    now: datetime | None = None,
    only: Collection[int] | None = None,
    with_offers: bool = True,
    decision: gate.Decision | None = None,
) -> PlanSlots:
    """Each session of the plan with its appointment or its proposed slot. ``only`` limits the
    search to those planned sessions (pks); ``with_offers`` False skips the offers; ``decision``
    the client's current one when the caller has read it already."""
    now = now or timezone.now()
    sessions = list(
        plan.sessions.order_by("date", "kind", "number").prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.select_related("room").order_by("start"))
        )
    )
    fixed = {s.pk: _active(s) for s in sessions}
    wanted = [
        s
        for s in sessions
        if s.status in PlannedSession.OPEN and fixed[s.pk] is None and (only is None or s.pk in only)
    ]
    if plan.status not in (TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED):
        wanted = []
    decision = decision or decisions.client_decision(plan.client)
    therapist = plan.client.therapist
    blocked = decision.blocked
    no_hours = therapist is None
    results: dict[int, slots.SlotResult] = {}
    rooms: dict[str, Room] = {}
    if wanted and not blocked and therapist is not None:
        search = search_slots(
            therapist,
            [s.date for s in wanted],
            minutes=plan.session_minutes,
            wishes=plan.intake.wishes(),
            not_before=decision.not_before,
            now=now,
            offers=slots.DEFAULT_OFFERS if with_offers else 0,
        )
        if search is None:
            no_hours = True
        else:
            results = {s.pk: r for s, r in zip(wanted, search.results, strict=True)}
            if search.room_keys:
                rooms = {str(r.pk): r for r in Room.objects.filter(pk__in=[int(k) for k in search.room_keys])}
    rows = tuple(SessionSlot(s, fixed[s.pk], results.get(s.pk)) for s in sessions)
    return PlanSlots(rows, blocked=blocked, no_hours=no_hours, not_before=decision.not_before, rooms=rooms)
