"""The host project's operation settings, read from Django settings at use time."""

from __future__ import annotations

from django.conf import settings

DEFAULT_DEMO_PASSWORD = "triggerfinder-demo"  # noqa: S105 - a known demo password, by design


def demo_password() -> str:
    """Password of the accounts that ``seed_demo`` creates (setting ``DEMO_PASSWORD``)."""
    return getattr(settings, "DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
