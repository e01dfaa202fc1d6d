from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import make_client
from triggerfinder.models import EditConflict
from triggerfinder.services import clients, guards


@pytest.mark.django_db
class TestGuards:
    def test_a_locked_client_is_not_writable(self, therapist, lead):
        client = make_client(therapist)
        guards.ensure_writable(client)
        clients.consent_withdraw(client=client, user=therapist)
        client.refresh_from_db()
        with pytest.raises(guards.ClientLockedError) as refused:
            guards.ensure_writable(client)
        assert refused.value.client == client

    def test_expect_version_refuses_another_version(self, therapist):
        client = make_client(therapist)
        guards.expect_version(client, None)
        guards.expect_version(client, client.version)
        with pytest.raises(EditConflict):
            guards.expect_version(client, client.version + 1)

    def test_assign_sets_allowed_fields_and_validates(self, therapist):
        client = make_client(therapist)
        guards.assign(client, {"phone": "030 1234"}, allowed=["phone", "email"])
        assert client.phone == "030 1234"
        with pytest.raises(ValueError):
            guards.assign(client, {"restricted_at": timezone.now()}, allowed=["phone"])
        with pytest.raises(ValidationError):
            guards.assign(client, {"email": "not an address"}, allowed=["email"])

    def test_no_day_before_a_postponement_ends(self, therapist, record_intake):
        intake = record_intake(yes=["recent-surgery"])
        client = intake.client
        today = timezone.localdate()
        with pytest.raises(guards.TooEarlyError) as early:
            guards.ensure_not_too_early(client, [today])
        assert early.value.not_before > today
        guards.ensure_not_too_early(
            client, [early.value.not_before, early.value.not_before + datetime.timedelta(1)]
        )

    def test_every_day_passes_without_a_postponement(self, therapist, record_intake):
        client = record_intake().client
        guards.ensure_not_too_early(client, [timezone.localdate()])
