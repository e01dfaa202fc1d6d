"""The feed's secret: made, replaced, revoked; only its digest is stored."""

from __future__ import annotations

import pytest

from triggerfinder.core.calendar import token_digest
from triggerfinder.models import CalendarFeed
from triggerfinder.services import calendar_feed


@pytest.mark.django_db
def test_a_new_token_replaces_the_old_digest_and_reopens_a_revoked_feed(therapist):
    first = calendar_feed.feed_issue(user=therapist)
    feed = CalendarFeed.objects.get(therapist=therapist)
    assert feed.token_hash == token_digest(first) and feed.active and len(first) >= 43
    assert calendar_feed.feed_revoke(user=therapist)
    feed.refresh_from_db()
    assert not feed.active
    second = calendar_feed.feed_issue(user=therapist)
    feed.refresh_from_db()
    assert second != first and feed.token_hash == token_digest(second) and feed.active
    assert CalendarFeed.objects.count() == 1
    assert not any(
        token in str(row) for row in CalendarFeed.objects.values_list() for token in (first, second)
    )


@pytest.mark.django_db
def test_revoking_without_a_feed_does_nothing(therapist):
    assert not calendar_feed.feed_revoke(user=therapist)
    assert not CalendarFeed.objects.exists()
