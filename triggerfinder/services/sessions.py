"""Writes of treatment sessions: recorded, corrected, and the planned dates marked by hand."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from triggerfinder.core import gate
from triggerfinder.models import (
    BodyRegion,
    Client,
    Muscle,
    PlannedSession,
    SessionRegionPain,
    TreatedMuscle,
    TreatmentSession,
)
from triggerfinder.selectors import decisions
from triggerfinder.selectors.plans import handout_plan
from triggerfinder.services import appointments
from triggerfinder.services.findings import lock_client
from triggerfinder.services.guards import assign, ensure_not_too_early, ensure_writable, expect_version
from triggerfinder.types import User


class SessionRefusedError(Exception):
    """The safety gate allows no session now: an uncleared red flag, a postponement, or a muscle
    the screening excludes; ``decision`` says which."""

    def __init__(self, decision: gate.Decision, muscles: list[str] | None = None) -> None:
        super().__init__(decision.level)
        self.decision = decision
        self.muscles = muscles or []


class SessionAlreadyRecordedError(Exception):
    """The planned session is already fulfilled by another recorded session."""


@dataclass(frozen=True)
class SessionInput:
    held_at: datetime  # aware
    duration_minutes: int
    pain_before: int
    pain_after: int
    feedback: str
    subjective: str
    objective: str
    assessment: str
    soap_plan: str
    muscles: list[tuple[str, str, str]]  # (muscle slug, side, findings)
    regions: dict[str, int]  # region slug -> intensity
    submission_key: uuid.UUID


def session_record(
    *, user: User, client: Client, data: SessionInput, planned: PlannedSession | None = None
) -> tuple[TreatmentSession, bool]:
    """Save a treatment session with its muscles and regional pain; mark the planned one done.

    Returns (session, created); the same submission key twice returns the first session.
    """
    existing = TreatmentSession.objects.filter(submission_key=data.submission_key).first()
    if existing is not None:
        return existing, False
    ensure_writable(client)
    try:
        with transaction.atomic():
            # Decided in the transaction that writes, with the client held: a finding recorded
            # meanwhile waits for this session, or this session for it.
            decision = decisions.client_decision(lock_client(client))
            excluded = [slug for slug, _side, _f in data.muscles if slug in decision.excluded_muscles]
            if not decision.may_treat(timezone.localtime(data.held_at).date()) or excluded:
                raise SessionRefusedError(decision, excluded)
            if planned is not None:
                planned = PlannedSession.objects.select_for_update().get(pk=planned.pk)
                if TreatmentSession.objects.filter(planned_session=planned).exists():
                    raise SessionAlreadyRecordedError
            plan = planned.plan if planned is not None else handout_plan(client)
            session = TreatmentSession(
                client=client,
                plan=plan,
                planned_session=planned,
                therapist=user,
                held_at=data.held_at,
                duration_minutes=data.duration_minutes,
                pain_before=data.pain_before,
                pain_after=data.pain_after,
                feedback=data.feedback,
                subjective=data.subjective,
                objective=data.objective,
                assessment=data.assessment,
                soap_plan=data.soap_plan,
                submission_key=data.submission_key,
            )
            session.full_clean()
            session.save()
            muscles = Muscle.objects.in_bulk([slug for slug, _side, _f in data.muscles], field_name="slug")
            for slug, side, findings in data.muscles:
                TreatedMuscle(session=session, muscle=muscles[slug], side=side, findings=findings).save()
            regions = BodyRegion.objects.in_bulk(list(data.regions), field_name="slug")
            for slug, intensity in data.regions.items():
                SessionRegionPain(session=session, region=regions[slug], intensity=intensity).save()
            if planned is not None:
                planned.status = PlannedSession.Status.DONE
                planned.save()
                appointments.planned_session_held(planned, now=timezone.now())
    except IntegrityError:
        existing = TreatmentSession.objects.filter(submission_key=data.submission_key).first()
        if existing is None:
            raise
        return existing, False
    return session, True


@transaction.atomic
def session_correct(
    *, session: TreatmentSession, version: int | None = None, **fields: Any
) -> TreatmentSession:
    """Correct what a recorded session says; its entry time and therapist stay as recorded."""
    ensure_writable(session.client)
    expect_version(session, version)
    assign(session, fields, allowed=TreatmentSession.NOTES_FIELDS)
    session.save()
    return session


@transaction.atomic
def planned_session_mark(
    *, session: PlannedSession, status: str, new_date: date | None = None
) -> PlannedSession:
    """Mark a planned session missed, moved (to ``new_date``) or planned again."""
    ensure_writable(session.plan.client)
    if status not in {
        PlannedSession.Status.MISSED,
        PlannedSession.Status.MOVED,
        PlannedSession.Status.PLANNED,
    }:
        raise ValueError(f"cannot mark a planned session {status!r} by hand")
    if status == PlannedSession.Status.MOVED:
        if new_date is None:
            raise ValueError("a moved session needs its new date")
        ensure_not_too_early(session.plan.client, [new_date])
        session.date = new_date
    session.status = status
    session.full_clean()
    session.save()
    return session
