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

    @property
    def CACHE_ALIAS(self) -> str:
        """Cache that holds the knowledge base's version; share it between app processes."""
        return getattr(settings, "TRIGGERFINDER_CACHE_ALIAS", "default")

    @property
    def FINDER_FRAME_ORIGINS(self) -> list[str]:
        """Origins (e.g. "https://praxis.example.org") that may embed the public finder."""
        return list(getattr(settings, "TRIGGERFINDER_FINDER_FRAME_ORIGINS", []))

    @property
    def FINDER_MAX_REGIONS(self) -> int:
        """How many regions one finder request may name."""
        return getattr(settings, "TRIGGERFINDER_FINDER_MAX_REGIONS", 12)


conf = Settings()
