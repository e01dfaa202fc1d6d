"""triggerfinder's settings, each read from Django settings at use time.

Reading at use time (not import time) keeps ``override_settings`` working in tests and lets a host
project change a value without touching the app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


class Settings:
    @property
    def PRACTICE_NAME(self) -> str:
        """Shown in the navigation and, later, on handouts."""
        return getattr(settings, "TRIGGERFINDER_PRACTICE_NAME", "triggerfinder")

    @property
    def PRACTICE_ADDRESS(self) -> str:
        """The practice's address for handouts; line breaks are kept."""
        return getattr(settings, "TRIGGERFINDER_PRACTICE_ADDRESS", "")

    @property
    def PRACTICE_PHONE(self) -> str:
        return getattr(settings, "TRIGGERFINDER_PRACTICE_PHONE", "")

    @property
    def SITE_URL(self) -> str:
        """Where clients reach the app's public pages (confirm or cancel, stop messages), e.g.
        "https://praxis.example.org"; the links in every message start with it."""
        return str(getattr(settings, "TRIGGERFINDER_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")

    @property
    def MESSAGE_CLAIM_SECONDS(self) -> int:
        """A worker's claim on a message it is sending lasts this long; after it (the worker
        crashed), ``requeue_messages`` hands the message to another. Far longer than a send takes
        (``EMAIL_TIMEOUT``), so a live worker's message is never taken from it."""
        return int(getattr(settings, "TRIGGERFINDER_MESSAGE_CLAIM_SECONDS", 600))

    @property
    def PRACTICE_LOGO(self) -> str:
        """Path of a local PNG or JPEG printed on handouts; empty for none. Never a URL."""
        return str(getattr(settings, "TRIGGERFINDER_PRACTICE_LOGO", "") or "")

    @property
    def CLIENTS_PER_PAGE(self) -> int:
        return getattr(settings, "TRIGGERFINDER_CLIENTS_PER_PAGE", 25)

    @property
    def FINDER_FRAME_ORIGINS(self) -> list[str]:
        """Origins (e.g. "https://praxis.example.org") that may embed the public finder."""
        return list(getattr(settings, "TRIGGERFINDER_FINDER_FRAME_ORIGINS", []))

    @property
    def FINDER_MAX_REGIONS(self) -> int:
        """How many regions one finder request may name."""
        return getattr(settings, "TRIGGERFINDER_FINDER_MAX_REGIONS", 12)

    @property
    def FINDER_RATE_LIMIT(self) -> str:
        """Requests per address to the public finder (page, embed, API), e.g. "60/m"; "" for none."""
        return getattr(settings, "TRIGGERFINDER_FINDER_RATE_LIMIT", "60/m") or ""

    @property
    def LINK_RATE_LIMIT(self) -> str:
        """Answers per address to the clients' links in e-mails (confirm, cancel, stop messages),
        e.g. "20/m"; "" for none. Only the posts count, which change something."""
        return getattr(settings, "TRIGGERFINDER_LINK_RATE_LIMIT", "20/m") or ""

    @property
    def QUESTIONNAIRE_DAYS(self) -> int:
        """Days a questionnaire link sent to a new client stays valid (issue 18)."""
        return getattr(settings, "TRIGGERFINDER_QUESTIONNAIRE_DAYS", 14)

    @property
    def QUESTIONNAIRE_RATE_LIMIT(self) -> str:
        """Requests per address to the questionnaire page (GET and POST), e.g. "20/m"; "" for none."""
        return getattr(settings, "TRIGGERFINDER_QUESTIONNAIRE_RATE_LIMIT", "20/m") or ""

    @property
    def WORKING_DAYS(self) -> list[int]:
        """Weekdays the practice is open, Monday = 0 … Sunday = 6. Sessions fall only on these."""
        return list(getattr(settings, "TRIGGERFINDER_WORKING_DAYS", [0, 1, 2, 3, 4, 5]))

    @property
    def MAINTENANCE_WEEKS(self) -> int:
        """Weeks between maintenance visits after a cycle (6 to 8 is usual)."""
        return getattr(settings, "TRIGGERFINDER_MAINTENANCE_WEEKS", 6)

    @property
    def MAINTENANCE_VISITS(self) -> int:
        """How many maintenance visits a new plan lists after its cycle."""
        return getattr(settings, "TRIGGERFINDER_MAINTENANCE_VISITS", 3)

    @property
    def SESSION_MINUTES(self) -> int:
        """Length of a session in a new plan; at least 45."""
        return getattr(settings, "TRIGGERFINDER_SESSION_MINUTES", 60)

    @property
    def CONSENT_VERSION(self) -> str:
        """Version of the consent text the intake page shows; recorded with each consent."""
        return getattr(settings, "TRIGGERFINDER_CONSENT_VERSION", "2026-11")

    @property
    def SESSION_MAX_SECONDS(self) -> int:
        """A session ends this long after log-in, however active (SessionTimeoutMiddleware)."""
        return getattr(settings, "TRIGGERFINDER_SESSION_MAX_SECONDS", 12 * 3600)

    @property
    def RETENTION_YEARS(self) -> int:
        """Years a restricted record is kept after the last treatment before purge_expired removes it."""
        return getattr(settings, "TRIGGERFINDER_RETENTION_YEARS", 10)

    @property
    def REQUIRE_SECOND_FACTOR(self) -> bool:
        """Every log-in needs a one-time code (authenticator app or recovery code) besides the
        password; off only for a single-therapist trial (SecondFactorMiddleware)."""
        return bool(getattr(settings, "TRIGGERFINDER_REQUIRE_SECOND_FACTOR", True))

    @property
    def HOLIDAYS(self) -> Any:
        """The public holidays the appointment book keeps free, as known to the ``holidays``
        package: ``(country,)`` or ``(country, subdivision)``, e.g. ``("DE", "SN")`` for Saxony;
        None for none. Checked by triggerfinder.E011."""
        return getattr(settings, "TRIGGERFINDER_HOLIDAYS", ("DE", "SN"))

    @property
    def LATE_CANCELLATION_HOURS(self) -> int:
        """A client's cancellation less than this many hours before the start is a late one."""
        return getattr(settings, "TRIGGERFINDER_LATE_CANCELLATION_HOURS", 24)

    @property
    def APPOINTMENT_BUFFER_MINUTES(self) -> int:
        """Minutes kept free before and after each of a therapist's appointments."""
        return getattr(settings, "TRIGGERFINDER_APPOINTMENT_BUFFER_MINUTES", 0)

    @property
    def SLOT_TOLERANCE_DAYS(self) -> int:
        """Working days around a session's ideal date the slot search may move it."""
        return getattr(settings, "TRIGGERFINDER_SLOT_TOLERANCE_DAYS", 2)

    @property
    def CALENDAR_FEED_FULL_NAMES(self) -> bool:
        """The therapist's private calendar feed names clients in full; off (the default), it shows
        their initials only ("Ł. Ö."). Checked by triggerfinder.E013."""
        return getattr(settings, "TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES", False)


conf = Settings()

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"


def enforced_frame_origins() -> list[str]:
    """The origins that may frame the finder embed, as far as they are enforced: only django-csp's
    middleware writes them into a ``frame-ancestors`` policy. Without it the list is ignored and
    the embed keeps ``X-Frame-Options: DENY`` (check triggerfinder.E010 says so), because dropping
    that header with no policy in its place would let any site frame it."""
    return conf.FINDER_FRAME_ORIGINS if CSP_MIDDLEWARE in settings.MIDDLEWARE else []
