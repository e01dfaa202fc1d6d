"""Reads for the calendar exports: a plan's appointments for the client's file, and the therapist's
private feed (found by its token's digest) with the appointments it lists."""

from __future__ import annotations

from datetime import date

from triggerfinder.core import calendar
from triggerfinder.models import Appointment, CalendarFeed, TreatmentPlan
from triggerfinder.selectors.availability import practice_tz
from triggerfinder.selectors.calendar_views import BookEntry, appointments_between, book_entry
from triggerfinder.types import User


def plan_appointments(plan: TreatmentPlan) -> list[BookEntry]:
    """The appointments booked for the plan's planned sessions, cancelled ones included, by start.
    One query."""
    found = (
        Appointment.objects.filter(planned_session__plan=plan)
        .select_related("client", "therapist", "room", "planned_session__plan")
        .order_by("start", "pk")
    )
    tz = practice_tz()
    return [book_entry(appointment, tz) for appointment in found]


def feed_of(user: User) -> CalendarFeed | None:
    """The user's calendar feed, active or revoked; None when there never was one."""
    return CalendarFeed.objects.filter(therapist=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed whose secret is ``token``, of a user who may still log in and see clients;
    None otherwise. Looked up by the token's digest (an index on a hash: what a timing could tell
    is about the hash, not the token), then compared in constant time."""
    digest = calendar.token_digest(token)
    feed = (
        CalendarFeed.objects.filter(token_hash=digest, revoked_at__isnull=True, therapist__is_active=True)
        .select_related("therapist")
        .first()
    )
    if feed is None or not calendar.matches_token(feed.token_hash, token):
        return None
    if not feed.therapist.has_perm("triggerfinder.view_client"):
        return None
    return feed


def feed_entries(feed: CalendarFeed, *, today: date) -> list[BookEntry]:
    """The feed's appointments: the therapist's own, cancelled ones included, from
    ``FEED_DAYS_BACK`` days before ``today`` to ``FEED_DAYS_AHEAD`` after it; restricted records
    are left out. One query."""
    first, last = calendar.feed_window(today)
    therapist = feed.therapist
    return appointments_between(user=therapist, first=first, last=last, therapist=therapist.pk)
