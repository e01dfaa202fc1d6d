from __future__ import annotations

import pytest
from django.test import override_settings

from triggerfinder.checks import check_settings
from triggerfinder.conf import conf


def error_ids() -> set[str]:
    return {error.id for error in check_settings()}


def test_defaults_without_settings():
    with override_settings():
        from django.conf import settings

        del settings.TRIGGERFINDER_PRACTICE_NAME
        assert conf.PRACTICE_NAME == "triggerfinder"
    assert conf.CLIENTS_PER_PAGE == 25


def test_settings_are_read_at_use_time():
    with override_settings(TRIGGERFINDER_CLIENTS_PER_PAGE=7):
        assert conf.CLIENTS_PER_PAGE == 7


def test_shipped_settings_pass_the_checks():
    assert error_ids() == set()


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("TRIGGERFINDER_PRACTICE_NAME", "  ", "triggerfinder.E001"),
        ("TRIGGERFINDER_PRACTICE_NAME", 42, "triggerfinder.E001"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", 0, "triggerfinder.E002"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", "25", "triggerfinder.E002"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", True, "triggerfinder.E002"),
        ("TRIGGERFINDER_DEMO_PASSWORD", "short", "triggerfinder.E003"),
    ],
)
def test_bad_values_are_reported(setting, value, error):
    with override_settings(**{setting: value}):
        assert error in error_ids()


def test_missing_dependencies_and_middleware_are_reported(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "LocaleMiddleware" not in m]
    assert "triggerfinder.E005" in error_ids()
