"""triggerfinder's settings, each read from Django settings at use time.

Reading at use time (not import time) keeps ``override_settings`` working in tests and lets a host
project change a value without touching the app.
"""

from __future__ import annotations

from django.conf import settings


class Settings:
    @property
    def PRACTICE_NAME(self) -> str:
        """Shown in the navigation and, later, on handouts."""
        return getattr(settings, "TRIGGERFINDER_PRACTICE_NAME", "triggerfinder")

    @property
    def CLIENTS_PER_PAGE(self) -> int:
        return getattr(settings, "TRIGGERFINDER_CLIENTS_PER_PAGE", 25)

    @property
    def DEMO_PASSWORD(self) -> str:
        """Password of the accounts that ``seed_demo`` creates."""
        return getattr(settings, "TRIGGERFINDER_DEMO_PASSWORD", "triggerfinder-demo")


conf = Settings()
