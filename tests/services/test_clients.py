from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_client
from triggerfinder.models import Client, EditConflict, PlannedSession, TreatmentPlan
from triggerfinder.services import clients, plans
from triggerfinder.services.guards import ClientLockedError


@pytest.mark.django_db
class TestClients:
    def test_create_validates_and_saves(self, therapist):
        client = clients.client_create(therapist=therapist, first_name="Erika", last_name="Mustermann")
        assert Client.objects.get(pk=client.pk).therapist == therapist
        with pytest.raises(ValidationError):
            clients.client_create(therapist=therapist, first_name="Erika", last_name="M", email="nope")
        assert Client.objects.count() == 1

    def test_update_changes_only_the_record_fields(self, therapist):
        client = make_client(therapist)
        clients.client_update(client=client, phone="030 555")
        assert Client.objects.get(pk=client.pk).phone == "030 555"
        with pytest.raises(ValueError):
            clients.client_update(client=client, restricted_at=None)

    def test_update_refuses_a_stale_version(self, therapist):
        client = make_client(therapist)
        with pytest.raises(EditConflict):
            clients.client_update(client=client, version=client.version + 1, phone="1")

    def test_consent_withdrawn_once_keeps_the_first_record(self, therapist, lead):
        client = make_client(therapist)
        first = clients.consent_withdraw(client=client, user=therapist)
        again = clients.consent_withdraw(client=client, user=lead)
        assert again.consent_withdrawn_at == first.consent_withdrawn_at
        assert again.consent_withdrawn_recorded_by == therapist
        with pytest.raises(ClientLockedError):
            clients.client_update(client=again, phone="1")

    def test_restrict_cancels_open_plans_and_keeps_its_first_moment(self, therapist, lead, record_intake):
        intake = record_intake()
        plan = intake.plans.get()
        plans.plan_accept(plan=plan, user=therapist)
        restricted = clients.client_restrict(client=intake.client, user=lead)
        assert restricted.restricted_by == lead and restricted.is_locked
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.CANCELLED
        assert not plan.sessions.filter(status__in=PlannedSession.OPEN).exists()
        again = clients.client_restrict(client=restricted, user=therapist)
        assert again.restricted_at == restricted.restricted_at and again.restricted_by == lead
