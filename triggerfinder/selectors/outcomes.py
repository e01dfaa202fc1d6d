"""Reads for the practice's outcomes: per plan, the pain at a milestone against the intake."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from triggerfinder.core import outcomes, planning
from triggerfinder.models import IntakeRegion, TreatmentPlan, TreatmentSession
from triggerfinder.selectors.clients import visible_clients
from triggerfinder.types import User

MILESTONE_SIX = "six"
MILESTONE_CYCLE = "cycle"


def _milestone_rows(plans: QuerySet[TreatmentPlan], milestone: str) -> list[tuple[int, int, int, int]]:
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


def milestone_outcomes(*, user: User, milestone: str) -> list[outcomes.PlanOutcome]:
    """Every visible plan that reached the milestone, one row each; counting them is
    ``core.outcomes.tally``. Two queries whatever the number of plans and sessions."""
    plans = TreatmentPlan.objects.filter(client__in=visible_clients(user)).exclude(
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
