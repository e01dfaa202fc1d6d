"""selectors.outcomes: per visible plan that reached a milestone, its pain against the intake."""

from __future__ import annotations

import pytest

from tests.selectors.records import accepted, held, new_intake, plan_of
from triggerfinder.core.planning import CHRONIC_MONTHS
from triggerfinder.selectors.outcomes import MILESTONE_CYCLE, MILESTONE_SIX, milestone_outcomes

pytestmark = pytest.mark.django_db


def plan_with(user, pains: list[int], *, baseline: int = 8, months: int = 24, accept: bool = True):
    intake = new_intake(user, regions={"lower-back": 6}, pain=baseline, months=months)
    plan = accepted(user, intake) if accept else plan_of(intake)
    for index, pain in enumerate(pains):
        held(plan, user, days_ago=100 - index, before=pain)
    return plan


def rows(user, milestone):
    return sorted(
        (o.baseline, o.current, o.chronic, o.regions)
        for o in milestone_outcomes(user=user, milestone=milestone)
    )


def test_no_plans_no_rows(therapist):
    assert milestone_outcomes(user=therapist, milestone=MILESTONE_SIX) == []
    assert milestone_outcomes(user=therapist, milestone=MILESTONE_CYCLE) == []


def test_the_sixth_session_counts_its_pain_at_the_start(therapist):
    plan_with(therapist, [7, 7, 7, 7, 7, 3, 1])
    plan_with(therapist, [5, 5, 5, 5, 5])  # only five sessions: not there yet
    assert rows(therapist, MILESTONE_SIX) == [(8, 3, True, frozenset({"lower-back"}))]


def test_a_proposed_plan_and_another_therapists_plan_do_not_count(therapist, other_therapist):
    plan_with(therapist, [6] * 6, accept=False)
    plan_with(other_therapist, [6] * 6)
    assert milestone_outcomes(user=therapist, milestone=MILESTONE_SIX) == []
    assert len(milestone_outcomes(user=other_therapist, milestone=MILESTONE_SIX)) == 1


def test_the_cycle_counts_the_session_that_completes_it(therapist):
    plan = plan_with(therapist, [], baseline=6, months=CHRONIC_MONTHS - 1)
    pains = list(range(plan.cycle_length, 0, -1))
    for index, pain in enumerate(pains):
        held(plan, therapist, days_ago=100 - index, before=pain)
    short = plan_with(therapist, [], baseline=6, months=CHRONIC_MONTHS - 1)
    for index in range(short.cycle_length - 1):
        held(short, therapist, days_ago=100 - index, before=1)
    assert rows(therapist, MILESTONE_CYCLE) == [(6, pains[-1], False, frozenset({"lower-back"}))]
