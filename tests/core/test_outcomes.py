"""Outcome arithmetic: the one definition of relevant change, baseline 0, intervals, review rule
(no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from triggerfinder.core.outcomes import (
    MINIMAL,
    NO_BASELINE,
    NONE,
    RELEVANT,
    SUBSTANTIAL,
    WORSE,
    PlanOutcome,
    Tallies,
    Tally,
    change_from_baseline,
    chart_points,
    is_improved,
    needs_review,
    tally,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("baseline", "current", "category"),
    [
        (8, 4, SUBSTANTIAL),  # 50 % exactly
        (10, 5, SUBSTANTIAL),  # 50 % exactly
        (10, 6, RELEVANT),  # 40 %
        (8, 5, RELEVANT),  # 3 points, 37.5 %
        (10, 7, RELEVANT),  # 30 % exactly
        (7, 5, MINIMAL),  # 2 points, 28.6 %: under 30 %
        (8, 6, MINIMAL),  # 2 points, 25 %: no longer "relevant"
        (10, 8, MINIMAL),  # 2 points, 20 %
        (3, 2, RELEVANT),  # 1 point but 33 %: the percentage decides
        (2, 1, SUBSTANTIAL),  # 50 % of a low baseline
        (10, 9, NONE),  # 1 point, 10 %
        (9, 8, NONE),  # 1 point, 11 %
        (6, 6, NONE),
        (4, 6, WORSE),
        (5, 6, WORSE),
        (0, 0, NO_BASELINE),
        (0, 3, WORSE),
    ],
)
def test_categories(baseline, current, category):
    assert change_from_baseline(baseline, current).category == category


def test_only_relevant_and_substantial_count_as_improved():
    improved = {SUBSTANTIAL, RELEVANT}
    for baseline in range(11):
        for current in range(11):
            change = change_from_baseline(baseline, current)
            assert is_improved(change) == (change.category in improved)
            if baseline:
                share = (baseline - current) / baseline
                assert is_improved(change) == (share >= 0.30)
                assert (change.category == SUBSTANTIAL) == (share >= 0.50)
                assert (change.category == MINIMAL) == (share < 0.30 and baseline - current >= 2)


def test_baseline_zero_has_no_percentage():
    change = change_from_baseline(0, 0)
    assert change.percent is None and change.points == 0 and not is_improved(change)


def test_percent_and_points():
    change = change_from_baseline(8, 2)
    assert change.points == 6 and change.percent == pytest.approx(0.75) and is_improved(change)


@pytest.mark.parametrize(("baseline", "current"), [(11, 2), (5, -1)])
def test_outside_0_to_10(baseline, current):
    with pytest.raises(ValueError):
        change_from_baseline(baseline, current)


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    [
        (7, 10, 0.3968, 0.8922),  # known Wilson values
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_interval(count, total, low, high):
    share = wilson_interval(count, total)
    assert share.low == pytest.approx(low, abs=1e-4) and share.high == pytest.approx(high, abs=1e-4)
    assert share.value == count / total


def test_wilson_empty_and_invalid():
    empty = wilson_interval(0, 0)
    assert empty.value is None and (empty.low, empty.high) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(5, 3)


def test_review_after_four_weeks_without_30_percent():
    start = date(2026, 1, 5)
    sessions = [(start + timedelta(weeks=i), 7) for i in range(5)]
    assert needs_review(baseline=8, first_day=start, sessions=sessions, today=start + timedelta(days=28))
    assert not needs_review(baseline=8, first_day=start, sessions=sessions, today=start + timedelta(days=27))
    better = [*sessions, (start + timedelta(weeks=5), 5)]
    assert not needs_review(baseline=8, first_day=start, sessions=better, today=start + timedelta(days=40))
    assert not needs_review(baseline=0, first_day=start, sessions=sessions, today=start + timedelta(days=60))
    assert not needs_review(baseline=8, first_day=None, sessions=[], today=start)


def test_review_follows_the_one_definition():
    start = date(2026, 1, 5)
    later = start + timedelta(days=35)
    # 2 points from 8 is 25 %: minimal, not relevant, so the plan still needs a review.
    minimal = [(start + timedelta(weeks=i), 6) for i in range(5)]
    assert needs_review(baseline=8, first_day=start, sessions=minimal, today=later)
    # 30 % exactly at any session is enough.
    assert not needs_review(baseline=10, first_day=start, sessions=[*minimal, (later, 7)], today=later)


def test_chart_points():
    assert chart_points([10, 5, 0], width=200, height=100) == [(0.0, 0.0), (100.0, 50.0), (200.0, 100.0)]
    assert chart_points([], width=1, height=1) == []
    assert chart_points([4], width=200, height=100) == [(0.0, 60.0)]


def test_tally_counts_each_plan_once_per_group():
    plans = [
        PlanOutcome(baseline=8, current=4, chronic=True, regions=frozenset({"lower-back", "hip-buttock"})),
        PlanOutcome(baseline=8, current=6, chronic=True, regions=frozenset({"lower-back"})),  # minimal only
        PlanOutcome(baseline=5, current=5, chronic=False, regions=frozenset({"neck"})),
        PlanOutcome(baseline=0, current=0, chronic=False, regions=frozenset({"neck"})),
    ]
    counted = tally(plans)
    assert counted.overall == Tally(n=4, improved_30=1, improved_50=1)
    assert list(counted.chronic) == [True, False]
    assert counted.chronic[True] == Tally(2, 1, 1) and counted.chronic[False] == Tally(2, 0, 0)
    assert list(counted.region) == ["hip-buttock", "lower-back", "neck"]
    assert counted.region["lower-back"] == Tally(2, 1, 1)
    assert tally([]) == Tallies(overall=Tally(), chronic={}, region={})


@pytest.mark.parametrize(
    ("baseline", "current", "relevant", "substantial"),
    [(10, 7, 1, 0), (10, 8, 0, 0), (10, 5, 1, 1), (3, 2, 1, 0), (4, 6, 0, 0), (0, 0, 0, 0)],
)
def test_tally_counts_by_the_change_categories(baseline, current, relevant, substantial):
    counted = tally([PlanOutcome(baseline=baseline, current=current, chronic=False, regions=frozenset())])
    assert counted.overall == Tally(1, relevant, substantial)
