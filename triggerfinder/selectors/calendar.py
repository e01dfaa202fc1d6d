"""The practice's calendar (working days, session length, maintenance), read from the settings."""

from __future__ import annotations

from triggerfinder.conf import conf
from triggerfinder.core import planning


def practice_calendar(*, maintenance_visits: int | None = None) -> planning.PracticeCalendar:
    return planning.PracticeCalendar(
        working_days=frozenset(conf.WORKING_DAYS),
        maintenance_weeks=conf.MAINTENANCE_WEEKS,
        maintenance_visits=conf.MAINTENANCE_VISITS if maintenance_visits is None else maintenance_visits,
        session_minutes=conf.SESSION_MINUTES,
    )
