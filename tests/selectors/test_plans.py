"""selectors.plans: one plan, its focus and dates, and which plan a client's handout is about."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import make_client
from tests.selectors.records import accepted, new_intake, plan_of
from triggerfinder.models import PlannedSession, TreatmentPlan
from triggerfinder.selectors.clients import HiddenRecordError
from triggerfinder.selectors.plans import (
    client_plans,
    handout_plan,
    intake_plan,
    plan_calendar_sessions,
    plan_focus,
    plan_focus_slugs,
    plan_get,
    plan_regions,
    plan_screening_answers,
    plan_sessions,
    plan_unsaved_copy,
)
from triggerfinder.services import plans

pytestmark = pytest.mark.django_db


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


def test_plan_get_for_its_therapist_only(therapist, other_therapist):
    plan = plan_of(new_intake(therapist))
    assert plan_get(user=therapist, pk=plan.pk) == plan
    with pytest.raises(HiddenRecordError):
        plan_get(user=other_therapist, pk=plan.pk)


def test_plan_unsaved_copy_is_another_object_of_the_same_row(therapist):
    plan = plan_of(new_intake(therapist))
    copy = plan_unsaved_copy(plan)
    assert copy.pk == plan.pk and copy is not plan


def test_plan_focus_in_stored_order(therapist):
    plan = plan_of(new_intake(therapist, regions={"lower-back": 7}))
    stored = [focus.muscle.slug for focus in plan.focus.order_by("position")]
    assert plan_focus_slugs(plan) == stored
    assert [item.muscle.slug for item in plan_focus(plan)] == stored
    assert stored


def test_plan_sessions_and_calendar_sessions(therapist):
    plan = accepted(therapist, new_intake(therapist))
    everything = plan_sessions(plan)
    assert ids(everything) == ids(plan.sessions.all())
    cycle = [s for s in everything if s.kind == PlannedSession.Kind.CYCLE]
    assert len(cycle) == plan.cycle_length
    cancelled = everything[-1]
    PlannedSession.objects.filter(pk=cancelled.pk).update(status=PlannedSession.Status.CANCELLED)
    assert ids(plan_calendar_sessions(plan)) == ids(everything[:-1])


def test_plan_regions_and_screening_answers(therapist):
    intake = new_intake(therapist, regions={"lower-back": 7, "neck": 3}, yes=["blood-thinners"])
    plan = plan_of(intake)
    assert {row.region.slug: row.intensity for row in plan_regions(plan)} == {"lower-back": 7, "neck": 3}
    answers = {row.contraindication.slug: row.answer for row in plan_screening_answers(plan)}
    assert answers["blood-thinners"] is True
    assert answers == {row.contraindication.slug: row.answer for row in intake.screening_answers.all()}


def test_intake_plan(therapist):
    intake = new_intake(therapist)
    assert intake_plan(intake) == plan_of(intake)


def test_client_plans_carry_their_upcoming_open_dates(therapist):
    plan = accepted(therapist, new_intake(therapist))
    (row,) = client_plans(plan.client)
    today = timezone.localdate()
    expected = [
        s.pk for s in plan.sessions.order_by("date") if s.date >= today and s.status in PlannedSession.OPEN
    ]
    assert row.pk == plan.pk and ids(row.upcoming) == expected


class TestHandoutPlan:
    def test_none_without_a_plan(self, therapist):
        assert handout_plan(make_client(therapist)) is None

    def test_the_newest_proposed_plan(self, therapist):
        first = new_intake(therapist)
        second = new_intake(therapist, first.client)
        assert handout_plan(first.client) == plan_of(second)

    def test_the_accepted_plan_before_a_newer_proposed_one(self, therapist):
        first = new_intake(therapist)
        plan = accepted(therapist, first)
        new_intake(therapist, first.client)
        assert handout_plan(first.client) == plan

    def test_never_a_cancelled_plan(self, therapist):
        plan = plan_of(new_intake(therapist))
        plans.plan_cancel(plan=plan)
        assert TreatmentPlan.objects.get(pk=plan.pk).status == TreatmentPlan.Status.CANCELLED
        assert handout_plan(plan.client) is None
