from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from tests.conftest import make_client
from triggerfinder.conf import conf
from triggerfinder.models import AccessLogEntry, Client, Intake
from triggerfinder.services import clients
from triggerfinder.services.privacy.purge import client_purge, purge_candidates, retention_until


@pytest.mark.django_db
class TestRetention:
    def test_retention_runs_from_the_latest_of_creation_intake_and_restriction(
        self, therapist, lead, record_intake
    ):
        client = record_intake().client
        created = timezone.localtime(client.created_at).date()
        assert retention_until(client) == created.replace(year=created.year + conf.RETENTION_YEARS)
        long_ago = timezone.now() - datetime.timedelta(days=365 * 20)
        Client.objects.filter(pk=client.pk).update(created_at=long_ago)
        Intake.objects.filter(client=client).update(recorded_at=long_ago)
        clients.client_restrict(client=client, user=lead)
        client.refresh_from_db()
        restricted = timezone.localtime(client.restricted_at).date()
        assert retention_until(client) == restricted.replace(year=restricted.year + conf.RETENTION_YEARS)

    def test_only_restricted_records_past_their_retention_are_candidates(self, therapist, lead):
        open_record, restricted = make_client(therapist), make_client(therapist, last_name="Alt")
        clients.client_restrict(client=restricted, user=lead)
        today = timezone.localdate()
        assert purge_candidates(today=today) == []
        later = retention_until(Client.objects.get(pk=restricted.pk)) + datetime.timedelta(days=1)
        assert purge_candidates(today=later) == [restricted]
        assert open_record not in purge_candidates(today=later.replace(year=later.year + 50))


@pytest.mark.django_db
class TestPurge:
    def test_removes_the_records_their_history_the_access_log_and_the_admins_log(
        self, therapist, record_intake
    ):
        client = record_intake().client
        AccessLogEntry.objects.create(user=therapist, client=client, action=AccessLogEntry.Action.VIEW)
        LogEntry.objects.log_actions(therapist.pk, [client], CHANGE, change_message="x")
        other = make_client(therapist, last_name="Andere")

        removed = client_purge(client=client)

        assert not Client.objects.filter(pk=client.pk).exists()
        assert not Client.history.filter(id=client.pk).exists()
        assert not Intake.history.filter(client_id=client.pk).exists()
        assert not AccessLogEntry.objects.filter(client_id=client.pk).exists()
        assert removed["admin.LogEntry"] == 1 and removed["triggerfinder.Client"] == 1
        assert removed["triggerfinder.Intake"] == 1 and removed["triggerfinder.AccessLogEntry"] == 1
        assert all(count >= 0 for count in removed.values())
        assert Client.objects.filter(pk=other.pk).exists() and Client.history.filter(id=other.pk).exists()
