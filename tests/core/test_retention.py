"""core.retention: when a client's records may be purged."""

from __future__ import annotations

from datetime import date

import pytest

from triggerfinder.core.retention import expired, retention_until


def test_the_period_runs_from_the_latest_moment() -> None:
    moments = [date(2020, 3, 1), None, date(2023, 6, 15), date(2021, 1, 1)]
    assert retention_until(moments, years=10) == date(2033, 6, 15)


def test_a_period_from_29_february_ends_on_28_february() -> None:
    assert retention_until([date(2024, 2, 29)], years=10) == date(2034, 2, 28)
    assert retention_until([date(2024, 2, 29)], years=4) == date(2028, 2, 29)


def test_records_expire_the_day_after_the_last_day() -> None:
    until = date(2033, 6, 15)
    assert not expired(until, today=date(2033, 6, 15))
    assert expired(until, today=date(2033, 6, 16))


def test_no_moment_at_all_is_an_error() -> None:
    with pytest.raises(ValueError):
        retention_until([None, None], years=10)
