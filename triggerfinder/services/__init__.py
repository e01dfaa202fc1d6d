"""Writes: every change to the app's records goes through these functions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from triggerfinder import selectors
from triggerfinder.conf import conf
from triggerfinder.core import gate, planning, screening
from triggerfinder.models import (
    AccessLogEntry,
    BodyRegion,
    Clearance,
    Client,
    Contraindication,
    Finding,
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    Muscle,
    PerpetuatingFactor,
    PlanFocusMuscle,
    PlannedSession,
    ScreeningAnswer,
    SessionRegionPain,
    TreatedMuscle,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.selectors import decisions
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services.findings import findings_from_intake, lock_client
from triggerfinder.services.guards import ensure_writable, expect_version

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "preferred_language",
    "therapist",
)


@transaction.atomic
def client_create(*, therapist: Any, **fields: Any) -> Client:
    client = Client(therapist=therapist, **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, version: int | None = None, **fields: Any) -> Client:
    ensure_writable(client)
    expect_version(client, version)
    _assign(client, fields, allowed=CLIENT_FIELDS)
    client.save()
    return client


def _assign(obj: Any, fields: dict[str, Any], *, allowed: Iterable[str]) -> None:
    """Set the given fields (only those a page may change) and validate the whole row."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{type(obj).__name__} has no field {name!r} to change here.")
        setattr(obj, name, value)
    obj.full_clean()


class PlanNotEditableError(Exception):
    """Only a proposed plan may change; an accepted one is kept as it was agreed."""


class PlanNotCancellableError(Exception):
    """Only a proposed or accepted plan may be cancelled; a completed one stays in the outcome
    figures as it happened, a cancelled one is cancelled already."""


class PlanBlockedError(Exception):
    """The screening found a red flag: accepting waits for a recorded medical clearance."""


class ScreeningOpenError(Exception):
    """Screening questions of the intake were not answered: accepting waits for a new intake."""


class TooEarlyError(Exception):
    """A postpone finding allows no treatment before ``not_before``."""

    def __init__(self, not_before: date) -> None:
        super().__init__(f"not before {not_before.isoformat()}")
        self.not_before = not_before


class SessionRefusedError(Exception):
    """The safety gate allows no session now: an uncleared red flag, a postponement, or a muscle
    the screening excludes; ``decision`` says which."""

    def __init__(self, decision: gate.Decision, muscles: list[str] | None = None) -> None:
        super().__init__(decision.level)
        self.decision = decision
        self.muscles = muscles or []


def _not_too_early(client: Client, days: Iterable[date]) -> None:
    decision = decisions.client_decision(client)
    early = [day for day in days if not decision.start_allowed(day)]
    if early and decision.not_before is not None:
        raise TooEarlyError(decision.not_before)


@dataclass(frozen=True)
class IntakeInput:
    regions: dict[str, int]  # region slug -> intensity 0–10
    overall_pain: int
    duration_months: int
    factors: list[str]
    # Every screening question shown, answered: True (the finding is present) or False.
    answers: dict[str, bool]
    notes: str
    start: date | None
    submission_key: uuid.UUID

    @property
    def contraindications(self) -> list[str]:
        return [slug for slug, present in self.answers.items() if present]


class ScreeningIncompleteError(ValueError):
    """Screening questions shown for the intake's regions were not answered."""

    def __init__(self, unanswered: Iterable[str]) -> None:
        self.unanswered = tuple(unanswered)
        super().__init__(f"unanswered screening questions: {', '.join(self.unanswered)}")


def intake_create(
    *,
    user: Any,
    data: IntakeInput,
    today: date,
    client: Client | None = None,
    client_fields: dict | None = None,
    now: time | None = None,
) -> tuple[Intake, bool]:
    """Save client (when new), intake, its regions and links, and the proposed plan, all at once.

    Returns (intake, created). The same submission key twice (a double submit) returns the first
    intake and creates nothing.
    """
    existing = Intake.objects.filter(submission_key=data.submission_key).first()
    if existing is not None:
        return existing, False
    if client is not None:
        ensure_writable(client)
    snapshot = knowledge_snapshot()
    snapshot.require("contraindications", data.answers)
    missing = screening.unanswered(screening.questions_for(snapshot, data.regions), data.answers)
    if missing:
        raise ScreeningIncompleteError(missing)
    proposal = planning.propose(
        snapshot,
        regions=data.regions,
        duration_months=data.duration_months,
        factors=data.factors,
        contraindications=data.contraindications,
        today=today,
        start=data.start,
        calendar=selectors.practice_calendar(),
        now=now,
    )
    try:
        with transaction.atomic():
            if client is None:
                client = client_create(therapist=user, **(client_fields or {}))
            intake = Intake(
                client=client,
                recorded_by=user,
                overall_pain=data.overall_pain,
                duration_months=data.duration_months,
                notes=data.notes,
                consent_at=timezone.now(),
                consent_version=conf.CONSENT_VERSION,
                consent_recorded_by=user,
                submission_key=data.submission_key,
            )
            intake.full_clean()
            intake.save()
            regions = BodyRegion.objects.in_bulk(list(data.regions), field_name="slug")
            for slug, intensity in data.regions.items():
                IntakeRegion(intake=intake, region=regions[slug], intensity=intensity).save()
            for factor in PerpetuatingFactor.objects.filter(slug__in=data.factors):
                IntakeFactor(intake=intake, factor=factor).save()
            asked = Contraindication.objects.in_bulk(list(data.answers), field_name="slug")
            ScreeningAnswer.objects.bulk_create(
                ScreeningAnswer(intake=intake, contraindication=asked[slug], answer=present)
                for slug, present in data.answers.items()
            )
            found = [asked[slug] for slug in data.contraindications]
            for contraindication in found:
                IntakeContraindication(intake=intake, contraindication=contraindication).save()
            findings_from_intake(intake=intake, contraindications=found, user=user)
            plan_create(intake=intake, proposal=proposal)
    except IntegrityError:
        # A second submit raced the first past the check above; the first one won.
        existing = Intake.objects.filter(submission_key=data.submission_key).first()
        if existing is None:
            raise
        return existing, False
    return intake, True


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
    plan = plan_from_proposal(intake=intake, proposal=proposal, calendar=selectors.practice_calendar())
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
    _not_too_early(plan.client, [plan.start_date])
    plan.save()
    calendar = selectors.practice_calendar(maintenance_visits=plan.maintenance_visits)
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
    _not_too_early(plan.client, dates.values())
    for session in plan.sessions.filter(pk__in=list(dates)):
        if session.date != dates[session.pk]:
            session.date = dates[session.pk]
            session.save()
    plan.save()  # the dates are part of the plan: a new version for whoever else has it open


@transaction.atomic
def plan_accept(*, plan: TreatmentPlan, user: Any, version: int | None = None) -> TreatmentPlan:
    """Accept a proposed plan. A red flag without recorded clearance blocks it; an earlier accepted
    plan of the same client is superseded (cancelled, its open dates too) and kept in the history."""
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
    _not_too_early(plan.client, open_days)
    for earlier in (
        TreatmentPlan.objects.filter(client=plan.client)
        .exclude(pk=plan.pk)
        .filter(status__in=[TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED])
    ):
        _cancel(earlier)
    plan.status = TreatmentPlan.Status.ACCEPTED
    plan.accepted_at = timezone.now()
    plan.accepted_by = user
    plan.save()
    return plan


CANCELLABLE = [TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED]


def _cancel(plan: TreatmentPlan) -> None:
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
    _cancel(plan)
    return plan


class SessionAlreadyRecordedError(Exception):
    """The planned session is already fulfilled by another recorded session."""


@dataclass(frozen=True)
class SessionInput:
    held_at: Any  # aware datetime
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
    *, user: Any, client: Client, data: SessionInput, planned: PlannedSession | None = None
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
            plan = planned.plan if planned is not None else selectors.handout_plan(client)
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
    _assign(session, fields, allowed=TreatmentSession.NOTES_FIELDS)
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
        _not_too_early(session.plan.client, [new_date])
        session.date = new_date
    session.status = status
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def client_restrict(*, client: Client, user: Any) -> Client:
    """ "Delete" as the law allows: the record becomes read-only and leaves every list; it is
    removed by purge_expired once the retention period has passed."""
    client = lock_client(client)
    if client.restricted_at is not None:
        return client  # restricted once: the first moment starts the retention period, for good
    for plan in client.plans.filter(status__in=CANCELLABLE):
        _cancel(plan)  # also when consent was withdrawn before: the open dates end here
    client.restricted_at = timezone.now()
    client.restricted_by = user
    client.save()
    return client


@transaction.atomic
def consent_withdraw(*, client: Client, user: Any) -> Client:
    """Record the withdrawal of consent: no new health data from now on; what exists is kept as
    long as the law requires (and can be restricted)."""
    client = lock_client(client)
    if client.consent_withdrawn_at is not None:
        return client  # withdrawn once: the first record stays
    client.consent_withdrawn_at = timezone.now()
    client.consent_withdrawn_recorded_by = user
    client.save()
    return client


def retention_until(client: Client) -> date:
    """The day the retention period of a record ends: years after its last treatment, intake or
    restriction, whichever is latest."""
    moments = [client.restricted_at, client.created_at]
    last_session = client.sessions.order_by("-held_at").values_list("held_at", flat=True).first()
    last_intake = client.intakes.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    latest = timezone.localtime(max(m for m in [*moments, last_session, last_intake] if m is not None)).date()
    try:
        return latest.replace(year=latest.year + conf.RETENTION_YEARS)
    except ValueError:  # 29 February
        return latest.replace(year=latest.year + conf.RETENTION_YEARS, day=28)


def purge_candidates(*, today: date) -> list[Client]:
    restricted = Client.objects.filter(restricted_at__isnull=False).order_by("pk")
    return [client for client in restricted if retention_until(client) < today]


# Every kind of record about a client with its way to the client, children before parents so that
# no PROTECT stops the purge. tests/test_privacy.py checks that no model with a path to Client is
# missing here.
CLIENT_RECORDS: list[tuple[type, str]] = [
    (TreatedMuscle, "session__client"),
    (SessionRegionPain, "session__client"),
    (TreatmentSession, "client"),
    (Clearance, "client"),
    (Finding, "client"),
    (PlanFocusMuscle, "plan__client"),
    (PlannedSession, "plan__client"),
    (TreatmentPlan, "client"),
    (IntakeRegion, "intake__client"),
    (IntakeFactor, "intake__client"),
    (IntakeContraindication, "intake__client"),
    (ScreeningAnswer, "intake__client"),
    (Intake, "client"),
    (AccessLogEntry, "client"),
    (Client, "pk"),
]


@transaction.atomic
def client_purge(*, client: Client) -> dict[str, int]:
    """Remove a client, every record about them and every history row that holds their data."""
    removed: dict[str, int] = {}
    pks = {
        model: list(model.objects.filter(**{lookup: client.pk}).values_list("pk", flat=True))
        for model, lookup in CLIENT_RECORDS
    }
    for model, _lookup in CLIENT_RECORDS:
        if pks[model]:
            removed[model._meta.label] = model.objects.filter(pk__in=pks[model]).delete()[0]
    # Last, because deleting a record itself writes a history row.
    for model, _lookup in CLIENT_RECORDS:
        history = getattr(model, "history", None)
        if history is not None and pks[model]:
            removed[history.model._meta.label] = history.model.objects.filter(id__in=pks[model]).delete()[0]
    # The admin's own log names the records it changed (e.g. "Erika Mustermann").
    from django.apps import apps

    if apps.is_installed("django.contrib.admin"):
        from django.contrib.admin.models import LogEntry
        from django.contrib.contenttypes.models import ContentType

        for model, _lookup in CLIENT_RECORDS:
            if pks[model]:
                entries = LogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(model),
                    object_id__in=[str(pk) for pk in pks[model]],
                )
                removed["admin.LogEntry"] = removed.get("admin.LogEntry", 0) + entries.delete()[0]
    return removed
