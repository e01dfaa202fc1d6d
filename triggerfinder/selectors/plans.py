"""Reads about treatment plans: one plan, its focus, its dates, and the plans of a client."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from triggerfinder.core import planning
from triggerfinder.models import (
    Client,
    Intake,
    IntakeRegion,
    PlannedSession,
    ScreeningAnswer,
    TreatmentPlan,
)
from triggerfinder.selectors.clients import intake_regions, visible_clients, visible_or_404
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.types import User


def plan_get(*, user: User, pk: int) -> TreatmentPlan:
    plans = TreatmentPlan.objects.filter(client__in=visible_clients(user))
    return visible_or_404(plans.select_related("client__therapist", "intake__recorded_by", "accepted_by"), pk)


def plan_unsaved_copy(plan: TreatmentPlan) -> TreatmentPlan:
    """The plan read again as stored, for a form to change without touching ``plan``."""
    return TreatmentPlan.objects.get(pk=plan.pk)


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


def plan_focus_slugs(plan: TreatmentPlan) -> list[str]:
    """The slugs of the plan's focus muscles in their stored order (no knowledge snapshot)."""
    return [focus.muscle.slug for focus in plan.focus.select_related("muscle")]


def plan_sessions(plan: TreatmentPlan) -> list[PlannedSession]:
    """Every planned session of the plan, cancelled ones included, in the model's order."""
    return list(plan.sessions.all())


def plan_calendar_sessions(plan: TreatmentPlan) -> QuerySet[PlannedSession]:
    """The plan's planned sessions that are not cancelled: the calendar's appointments."""
    return plan.sessions.exclude(status=PlannedSession.Status.CANCELLED)


def plan_regions(plan: TreatmentPlan) -> QuerySet[IntakeRegion]:
    """The painful regions of the plan's intake, with their region."""
    return plan.intake.regions.select_related("region")


def plan_screening_answers(plan: TreatmentPlan) -> list[ScreeningAnswer]:
    """The screening answers of the plan's intake, with their contraindication."""
    return list(plan.intake.screening_answers.select_related("contraindication"))


def intake_plan(intake: Intake) -> TreatmentPlan | None:
    """The plan the intake proposed (its first)."""
    return intake.plans.order_by("pk").first()


def client_plans(client: Client) -> QuerySet[TreatmentPlan]:
    upcoming = PlannedSession.objects.filter(
        status__in=PlannedSession.OPEN, date__gte=timezone.localdate()
    ).order_by("date")
    return client.plans.prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming"))


def handout_plan(client: Client) -> TreatmentPlan | None:
    """The plan a handout is about: the accepted one, else the newest proposed one."""
    plans = client.plans.exclude(status__in=[TreatmentPlan.Status.CANCELLED]).select_related("intake")
    return plans.filter(status=TreatmentPlan.Status.ACCEPTED).first() or plans.first()
