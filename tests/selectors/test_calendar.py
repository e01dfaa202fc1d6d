"""selectors.calendar: the practice calendar from the app's settings."""

from __future__ import annotations

from triggerfinder.selectors.calendar import practice_calendar


def test_the_calendar_follows_the_settings(settings):
    settings.TRIGGERFINDER_WORKING_DAYS = [0, 2, 4]
    settings.TRIGGERFINDER_MAINTENANCE_WEEKS = 4
    settings.TRIGGERFINDER_MAINTENANCE_VISITS = 2
    settings.TRIGGERFINDER_SESSION_MINUTES = 45
    calendar = practice_calendar()
    assert calendar.working_days == frozenset({0, 2, 4})
    assert (calendar.maintenance_weeks, calendar.maintenance_visits, calendar.session_minutes) == (4, 2, 45)


def test_a_plans_own_number_of_maintenance_visits(settings):
    settings.TRIGGERFINDER_MAINTENANCE_VISITS = 2
    assert practice_calendar(maintenance_visits=0).maintenance_visits == 0
