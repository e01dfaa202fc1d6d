"""Writes of the therapist's private calendar feed: make (or replace) its secret URL, revoke it.

The token is ``secrets.token_urlsafe(32)`` (32 random bytes); only its SHA-256 is stored
(``core.calendar.token_digest``). ``feed_issue`` returns the token once, for the page that shows
the URL; a new one replaces the old hash, so the old URL stops working at once.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from triggerfinder.core.calendar import token_digest
from triggerfinder.models import CalendarFeed
from triggerfinder.types import User


def new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_issue(*, user: User) -> str:
    """A new secret URL token for the user's feed (made now, or replacing the old one, which
    stops working; a revoked feed becomes active again). Returns the token: it is not stored."""
    token = new_token()
    now = timezone.now()
    feed = CalendarFeed.objects.select_for_update().filter(therapist=user).first()
    if feed is None:
        CalendarFeed.objects.create(therapist=user, token_hash=token_digest(token), token_created_at=now)
    else:
        feed.token_hash = token_digest(token)
        feed.token_created_at = now
        feed.revoked_at = None
        feed.save(update_fields=["token_hash", "token_created_at", "revoked_at"])
    return token


@transaction.atomic
def feed_revoke(*, user: User) -> bool:
    """End the user's feed: its URL answers 404 from now on. False when there was none active."""
    return bool(
        CalendarFeed.objects.filter(therapist=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )
