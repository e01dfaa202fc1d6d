"""The bounds of the pure core (``triggerfinder/core/bounds.py``), and that every layer that checks
a number reads them from there."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from triggerfinder.core import bounds
from triggerfinder.core.bounds import Bound, DateWindow
from triggerfinder.core.planning import PracticeCalendar, Spacing

ALL = {name: value for name, value in vars(bounds).items() if isinstance(value, Bound)}


class TestBound:
    def test_both_ends_belong(self):
        assert Bound(3, 28).contains(3)
        assert Bound(3, 28).contains(28)
        assert not Bound(3, 28).contains(2)
        assert not Bound(3, 28).contains(29)

    def test_a_single_value(self):
        assert Bound(5, 5).contains(5) and not Bound(5, 5).contains(6)

    def test_an_empty_bound_is_refused(self):
        with pytest.raises(ValueError, match="empty"):
            Bound(10, 0)

    def test_frozen(self):
        with pytest.raises(dataclasses.FrozenInstanceError):
            bounds.PAIN.high = 11  # type: ignore[misc]


class TestDateWindow:
    TODAY = date(2026, 12, 2)

    def test_the_plan_dates_reach_a_year_back_and_two_ahead(self):
        window = bounds.PLAN_DATES
        assert window.contains(self.TODAY - timedelta(days=366), today=self.TODAY)
        assert not window.contains(self.TODAY - timedelta(days=367), today=self.TODAY)
        assert window.contains(self.TODAY + timedelta(days=732), today=self.TODAY)
        assert not window.contains(self.TODAY + timedelta(days=733), today=self.TODAY)

    def test_a_proposal_starts_today_at_the_earliest(self):
        window = bounds.PROPOSAL_START
        assert window.contains(self.TODAY, today=self.TODAY)
        assert not window.contains(self.TODAY - timedelta(days=1), today=self.TODAY)
        assert window.contains(self.TODAY + timedelta(days=366), today=self.TODAY)
        assert not window.contains(self.TODAY + timedelta(days=367), today=self.TODAY)

    def test_a_window_of_one_day(self):
        assert DateWindow(timedelta(0), timedelta(0)).contains(self.TODAY, today=self.TODAY)


class TestTheNamedBounds:
    @pytest.mark.parametrize("name", sorted(ALL))
    def test_none_is_empty_or_negative(self, name):
        bound = ALL[name]
        assert 0 <= bound.low <= bound.high

    def test_the_first_spacing_never_outlasts_the_longest_cycle(self):
        assert bounds.WEEKLY_SESSIONS.high == bounds.CYCLE_LENGTH.high

    def test_the_practice_defaults_lie_within(self):
        calendar, spacing = PracticeCalendar(), Spacing()
        assert bounds.MAINTENANCE_WEEKS.contains(calendar.maintenance_weeks)
        assert bounds.MAINTENANCE_VISITS.contains(calendar.maintenance_visits)
        assert bounds.SESSION_MINUTES.contains(calendar.session_minutes)
        assert bounds.INTERVAL_DAYS.contains(spacing.first_interval_days)
        assert bounds.INTERVAL_DAYS.contains(spacing.later_interval_days)
