"""Records for the selectors' tests, written through the services (and, for sessions held in the
past, straight into the table as ``tests/test_sessions.py`` does)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from tests.answers import answered
from tests.conftest import make_client
from triggerfinder.models import Client, Intake, TreatmentPlan, TreatmentSession
from triggerfinder.services import intakes, plans


def new_intake(
    user,
    client: Client | None = None,
    *,
    regions: dict[str, int] | None = None,
    pain: int = 6,
    months: int = 18,
    yes: Iterable[str] = (),
    last_name: str = "Mustermann",
) -> Intake:
    """An intake with its proposed plan, for ``client`` or a new client of ``user``."""
    regions = regions or {"lower-back": 7}
    client = client or make_client(user, last_name=last_name)
    intake, created = intakes.intake_create(
        user=user,
        data=intakes.IntakeInput(
            regions=regions,
            overall_pain=pain,
            duration_months=months,
            factors=[],
            answers=answered(regions, list(yes)),
            notes="",
            start=None,
            submission_key=uuid.uuid4(),
        ),
        today=timezone.localdate(),
        client=client,
    )
    assert created
    return intake


def plan_of(intake: Intake) -> TreatmentPlan:
    return intake.plans.get()


def accepted(user, intake: Intake) -> TreatmentPlan:
    plan = plan_of(intake)
    plans.plan_accept(plan=plan, user=user)
    plan.refresh_from_db()
    return plan


def backdate(intake: Intake, days: int) -> None:
    Intake.objects.filter(pk=intake.pk).update(recorded_at=F("recorded_at") - datetime.timedelta(days=days))
    intake.refresh_from_db()


def held(plan: TreatmentPlan, user, *, days_ago: int, before: int, after: int = 0) -> TreatmentSession:
    return TreatmentSession.objects.create(
        client=plan.client,
        plan=plan,
        therapist=user,
        held_at=timezone.now() - datetime.timedelta(days=days_ago),
        pain_before=before,
        pain_after=after,
        submission_key=uuid.uuid4(),
    )
