"""Reads: what a user may see, as querysets or plain data."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import outcomes, planning
from triggerfinder.models import Client, Intake, IntakeRegion, PlannedSession, TreatmentPlan, TreatmentSession
from triggerfinder.security.roles import client_visibility
from triggerfinder.selectors.knowledge import knowledge_snapshot


def client_list(*, user: Any, query: str = "") -> QuerySet[Client]:
    # A subquery, not an aggregate over a join: the database walks the name index, stops after
    # one page and looks up the appointment for those clients only; the page count stays a plain
    # COUNT(*). (An aggregate grouped every client with all their dates first.)
    next_appointment = (
        PlannedSession.objects.filter(
            plan__client=OuterRef("pk"),
            plan__status=TreatmentPlan.Status.ACCEPTED,
            status__in=PlannedSession.OPEN,
            date__gte=timezone.localdate(),
        )
        .order_by("date")
        .values("date")[:1]
    )
    clients = (
        Client.objects.filter(client_visibility(user), restricted_at__isnull=True)
        .select_related("therapist")
        .annotate(next_appointment=Subquery(next_appointment))
        .order_by("last_name", "first_name", "pk")
    )
    for term in query.split()[:5]:
        clients = clients.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
        )
    return clients


class HiddenRecordError(Http404):
    """The record exists, but the user may not see it: a 404 like any other to the user, and a
    security event for the log (the views' decorator and the admin write it; docs/security.md)."""


def visible_or_404(visible: QuerySet, pk: Any) -> Any:
    """The record from ``visible``; a 404 when it is not there, a ``HiddenRecordError`` (also a
    404) when it exists but lies outside what the user may see."""
    try:
        return visible.get(pk=pk)
    except visible.model.DoesNotExist:
        if visible.model._base_manager.filter(pk=pk).exists():
            raise HiddenRecordError(visible.model._meta.verbose_name) from None
        raise Http404(visible.model._meta.verbose_name) from None


def client_get(*, user: Any, pk: int) -> Client:
    """The client, or 404 when it does not exist or the user may not see it (never 403: no leak)."""
    return visible_or_404(Client.objects.filter(client_visibility(user)), pk)


def practice_calendar(*, maintenance_visits: int | None = None) -> planning.PracticeCalendar:
    return planning.PracticeCalendar(
        working_days=frozenset(conf.WORKING_DAYS),
        maintenance_weeks=conf.MAINTENANCE_WEEKS,
        maintenance_visits=conf.MAINTENANCE_VISITS if maintenance_visits is None else maintenance_visits,
        session_minutes=conf.SESSION_MINUTES,
    )


def intake_regions(intake: Intake) -> dict[str, int]:
    return dict(intake.regions.values_list("region__slug", "intensity"))


def plan_get(*, user: Any, pk: int) -> TreatmentPlan:
    plans = TreatmentPlan.objects.filter(client__in=Client.objects.filter(client_visibility(user)))
    return visible_or_404(plans.select_related("client", "intake__recorded_by", "accepted_by"), pk)


def session_get(*, user: Any, pk: int) -> TreatmentSession:
    sessions = TreatmentSession.objects.filter(client__in=Client.objects.filter(client_visibility(user)))
    return visible_or_404(sessions.select_related("client", "therapist"), pk)


def plan_focus(plan: TreatmentPlan) -> list[planning.FocusMuscle]:
    """The plan's focus muscles in their stored order, each with its reasons from the intake."""
    snapshot = knowledge_snapshot()
    intake = plan.intake
    regions = {slug: value for slug, value in intake_regions(intake).items() if slug in snapshot.regions}
    factors = [f.slug for f in intake.perpetuating_factors.all() if f.slug in snapshot.perpetuating_factors]
    computed = {
        f.muscle.slug: f
        for f in planning.focus_muscles(snapshot, regions, factors, limit=len(snapshot.muscles))
    }
    result = []
    for focus in plan.focus.select_related("muscle"):
        slug = focus.muscle.slug
        if slug in computed:
            result.append(computed[slug])
        elif slug in snapshot.muscles:
            result.append(planning.FocusMuscle(snapshot.muscles[slug], 0, (), {}, ()))
    return result


def client_plans(client: Client) -> QuerySet[TreatmentPlan]:
    upcoming = PlannedSession.objects.filter(
        status__in=PlannedSession.OPEN, date__gte=timezone.localdate()
    ).order_by("date")
    return client.plans.prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming"))


def client_intakes(client: Client) -> QuerySet[Intake]:
    return client.intakes.prefetch_related("regions__region")


def handout_plan(client: Client) -> TreatmentPlan | None:
    """The plan a handout is about: the accepted one, else the newest proposed one."""
    plans = client.plans.exclude(status__in=[TreatmentPlan.Status.CANCELLED]).select_related("intake")
    return plans.filter(status=TreatmentPlan.Status.ACCEPTED).first() or plans.first()


def clients_with_sessions_on(*, user: Any, day: datetime.date) -> QuerySet[Client]:
    return (
        Client.objects.filter(client_visibility(user), restricted_at__isnull=True)
        .filter(
            plans__status=TreatmentPlan.Status.ACCEPTED,
            plans__sessions__date=day,
            plans__sessions__status__in=PlannedSession.OPEN,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def open_planned_sessions(client: Client) -> list[PlannedSession]:
    return list(
        PlannedSession.objects.filter(
            plan__client=client,
            plan__status__in=[TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED],
            status__in=PlannedSession.OPEN,
            treatment__isnull=True,
        )
        .select_related("plan")
        .order_by("date", "pk")
    )


def client_progress(client: Client, *, today: datetime.date) -> dict[str, Any]:
    """Pain over the recorded sessions against the latest intake, as plain data for the page.

    Progress compares the pain reported at the start of each session (how the days since the last
    visit were) with the intake; the pain right after a session is only its immediate effect."""
    intake = client.intakes.order_by("-recorded_at", "-pk").first()
    sessions = list(
        client.sessions.order_by("held_at", "pk")
        .select_related("planned_session", "plan")
        .prefetch_related("muscles__muscle", "regions__region")
    )
    baseline = intake.overall_pain if intake else None
    since = [s for s in sessions if intake is None or s.held_at >= intake.recorded_at]
    change = (
        outcomes.change_from_baseline(baseline, since[-1].pain_before)
        if since and baseline is not None
        else None
    )
    review = bool(
        since
        and baseline is not None
        and outcomes.needs_review(
            baseline=baseline,
            first_day=timezone.localtime(since[0].held_at).date(),
            sessions=[(timezone.localtime(s.held_at).date(), s.pain_before) for s in since],
            today=today,
        )
    )
    latest_regions = {r.region.slug: r.intensity for r in since[-1].regions.all()} if since else {}
    return {
        "intake": intake,
        "baseline": baseline,
        "sessions": sessions,
        "since_intake": since,
        "change": change,
        "needs_review": review,
        "intake_regions": intake_regions(intake) if intake else {},
        "latest_regions": latest_regions,
        "latest": since[-1] if since else None,
    }


MILESTONE_SIX = "six"
MILESTONE_CYCLE = "cycle"


def _milestone_rows(plans: QuerySet, milestone: str) -> list[tuple[int, int, int, int]]:
    """(intake id, pain at intake, months of pain, pain at the start of the milestone session) per
    plan that reached it: its 6th recorded session, or the session that completed its cycle. The
    pain at the start ("how were the days since the last visit") is compared with the intake, like
    with like; the pain right after a session is lowered for a few hours and is not counted."""
    values = ("intake_id", "intake__overall_pain", "intake__duration_months")
    if milestone == MILESTONE_SIX:
        # One indexed look-up per plan (plan, held_at) beats numbering every session.
        sixth = TreatmentSession.objects.filter(plan=OuterRef("pk")).order_by("held_at", "pk")
        current = Subquery(sixth.values("pain_before")[5:6])
        return list(
            plans.annotate(current=current).filter(current__isnull=False).values_list(*values, "current")
        )
    # The cycle's length differs per plan: number all sessions once, keep each plan's n-th.
    numbered = (
        TreatmentSession.objects.filter(plan__in=plans)
        .order_by()
        .annotate(
            number=Window(
                RowNumber(), partition_by=[F("plan_id")], order_by=[F("held_at").asc(), F("pk").asc()]
            )
        )
    )
    return list(
        numbered.filter(number=F("plan__cycle_length")).values_list(
            *(f"plan__{name}" for name in values), "pain_before"
        )
    )


def milestone_outcomes(*, user: Any, milestone: str) -> list[outcomes.PlanOutcome]:
    """Every visible plan that reached the milestone, one row each; counting them is
    ``core.outcomes.tally``. Two queries whatever the number of plans and sessions."""
    plans = TreatmentPlan.objects.filter(client__in=Client.objects.filter(client_visibility(user))).exclude(
        status=TreatmentPlan.Status.PROPOSED
    )
    reached = _milestone_rows(plans, milestone)
    regions: dict[int, set[str]] = defaultdict(set)
    for intake_id, slug in IntakeRegion.objects.filter(intake__plans__in=plans).values_list(
        "intake_id", Coalesce("region__parent__slug", "region__slug")
    ):
        regions[intake_id].add(slug)
    return [
        outcomes.PlanOutcome(
            baseline=baseline,
            current=current,
            chronic=months >= planning.CHRONIC_MONTHS,
            regions=frozenset(regions[intake_id]),
        )
        for intake_id, baseline, months, current in reached
    ]
