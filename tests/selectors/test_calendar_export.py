"""Finding a feed by its secret: only an active feed of an active user who may see clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.conftest import make_user
from triggerfinder.security import roles
from triggerfinder.selectors.calendar_export import feed_by_token, feed_of
from triggerfinder.services import calendar_feed


@pytest.mark.django_db
def test_the_token_finds_its_feed_and_nothing_else(therapist):
    token = calendar_feed.feed_issue(user=therapist)
    assert feed_by_token(token).therapist == therapist
    assert feed_by_token(token.upper() if token != token.upper() else token.lower()) is None
    assert feed_by_token("") is None
    assert feed_of(therapist).active


@pytest.mark.django_db
def test_a_user_who_may_no_longer_see_clients_has_no_feed(db):
    user = make_user("ex", role=roles.THERAPIST)
    token = calendar_feed.feed_issue(user=user)
    assert feed_by_token(token) is not None
    user.groups.set(Group.objects.none())
    user.user_permissions.clear()
    user = type(user).objects.get(pk=user.pk)  # no cached permissions
    assert feed_by_token(token) is None
