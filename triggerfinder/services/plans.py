"""Writes of treatment plans: created from a proposal, rescheduled, accepted, cancelled."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from triggerfinder.core import planning
from triggerfinder.models import Intake, Muscle, PlanFocusMuscle, PlannedSession, TreatmentPlan
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar import practice_calendar
from triggerfinder.services import booking
from triggerfinder.services.findings import lock_client
from triggerfinder.services.guards import ensure_not_too_early, ensure_writable, expect_version
from triggerfinder.types import User


class PlanNotEditableError(Exception):
    """Only a proposed plan may change; an accepted one is kept as it was agreed."""


class PlanNotCancellableError(Exception):
    """Only a proposed or accepted plan may be cancelled; a completed one stays in the outcome
    figures as it happened, a cancelled one is cancelled already."""


class PlanBlockedError(Exception):
    """The screening found a red flag: accepting waits for a recorded medical clearance."""


class ScreeningOpenError(Exception):
    """Screening questions of the intake were not answered: accepting waits for a new intake."""


CANCELLABLE = [TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED]


def _save_sessions(plan: TreatmentPlan, sessions: tuple[planning.PlannedDate, ...]) -> None:
    for session in plan.sessions.all():
        session.delete()  # one by one, so that the history keeps each removed date
    for planned in sessions:
        PlannedSession(plan=plan, kind=planned.kind, number=planned.number, date=planned.day).save()


def plan_from_proposal(
    *, intake: Intake, proposal: planning.Proposal, calendar: planning.PracticeCalendar
) -> TreatmentPlan:
    """The unsaved plan a proposal describes (its focus muscles and dates are rows of their own)."""
    return TreatmentPlan(
        client=intake.client,
        intake=intake,
        cycle_length=proposal.cycle_length,
        first_interval_days=proposal.spacing.first_interval_days,
        later_interval_days=proposal.spacing.later_interval_days,
        weekly_sessions=proposal.spacing.first_phase_sessions(proposal.cycle_length),
        maintenance_weeks=proposal.maintenance_weeks,
        maintenance_visits=calendar.maintenance_visits,
        session_minutes=calendar.session_minutes,
        start_date=proposal.start,
    )


@transaction.atomic
def plan_create(*, intake: Intake, proposal: planning.Proposal) -> TreatmentPlan:
    plan = plan_from_proposal(intake=intake, proposal=proposal, calendar=practice_calendar())
    plan.full_clean()
    plan.save()
    muscles = Muscle.objects.in_bulk([f.muscle.slug for f in proposal.focus], field_name="slug")
    for position, focus in enumerate(proposal.focus, start=1):
        PlanFocusMuscle(plan=plan, muscle=muscles[focus.muscle.slug], position=position).save()
    _save_sessions(plan, proposal.sessions)
    return plan


@transaction.atomic
def plan_reschedule(*, plan: TreatmentPlan, version: int | None = None, **fields: Any) -> TreatmentPlan:
    """Change count, spacing, maintenance or start of a proposed plan; its dates follow."""
    ensure_writable(plan.client)
    expect_version(plan, version)
    if not plan.is_editable:
        raise PlanNotEditableError
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    ensure_not_too_early(plan.client, [plan.start_date])
    plan.save()
    calendar = practice_calendar(maintenance_visits=plan.maintenance_visits)
    sessions = planning.schedule(
        start=plan.start_date,
        cycle_length=plan.cycle_length,
        spacing=planning.Spacing(plan.first_interval_days, plan.later_interval_days, plan.weekly_sessions),
        calendar=calendar,
        maintenance_weeks=plan.maintenance_weeks,
    )
    _save_sessions(plan, sessions)
    return plan


@transaction.atomic
def plan_set_dates(*, plan: TreatmentPlan, dates: dict[int, date], version: int | None = None) -> None:
    """Move single sessions of a proposed plan (session pk -> new date)."""
    ensure_writable(plan.client)
    expect_version(plan, version)
    if not plan.is_editable:
        raise PlanNotEditableError
    ensure_not_too_early(plan.client, dates.values())
    for session in plan.sessions.filter(pk__in=list(dates)):
        if session.date != dates[session.pk]:
            session.date = dates[session.pk]
            session.save()
    plan.save()  # the dates are part of the plan: a new version for whoever else has it open


@transaction.atomic
def plan_accept(*, plan: TreatmentPlan, user: User, version: int | None = None) -> TreatmentPlan:
    """Accept a proposed plan. A red flag without recorded clearance blocks it; an earlier accepted
    plan of the same client is superseded (cancelled, its open dates too) and kept in the history.
    Its open sessions are booked in the slots the search finds (``booking.plan_book``)."""
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_writable(plan.client)
    expect_version(plan, version)
    if not plan.is_editable:
        raise PlanNotEditableError
    decision = decisions.client_decision(lock_client(plan.client))
    if decision.blocked:
        raise PlanBlockedError
    if decision.screening_open:
        raise ScreeningOpenError
    if not decision.may_accept:
        raise PlanBlockedError
    open_days = plan.sessions.filter(status__in=PlannedSession.OPEN).values_list("date", flat=True)
    ensure_not_too_early(plan.client, open_days)
    for earlier in (
        TreatmentPlan.objects.filter(client=plan.client).exclude(pk=plan.pk).filter(status__in=CANCELLABLE)
    ):
        cancel_unchecked(earlier)
    plan.status = TreatmentPlan.Status.ACCEPTED
    plan.accepted_at = timezone.now()
    plan.accepted_by = user
    plan.save()
    booking.plan_book(plan=plan, now=plan.accepted_at)
    return plan


def cancel_unchecked(plan: TreatmentPlan) -> None:
    """Cancel a plan and its open dates, without the checks (the callers made them)."""
    for session in plan.sessions.filter(status__in=PlannedSession.OPEN):
        session.status = PlannedSession.Status.CANCELLED
        session.save()
    plan.status = TreatmentPlan.Status.CANCELLED
    plan.save()


@transaction.atomic
def plan_cancel(*, plan: TreatmentPlan, version: int | None = None) -> TreatmentPlan:
    """Cancel a proposed or accepted plan of a client whose record may still change."""
    plan = TreatmentPlan.objects.select_for_update().select_related("client").get(pk=plan.pk)
    ensure_writable(plan.client)
    expect_version(plan, version)
    if plan.status not in CANCELLABLE:
        raise PlanNotCancellableError
    cancel_unchecked(plan)
    return plan
