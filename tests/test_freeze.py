"""A restricted record, or one whose client withdrew consent, is frozen (docs/security.md, item 7):
every write path refuses, and the moment of restriction or withdrawal is recorded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login_verified, make_user
from tests.test_security import plan_for
from triggerfinder.models import Client, PlannedSession, TreatmentPlan
from triggerfinder.security import roles
from triggerfinder.services import clients, plans
from triggerfinder.services.guards import ClientLockedError
from triggerfinder.services.privacy import purge

LOCKED = "nichts Neues erfasst werden"


def cancel(http_client, plan: TreatmentPlan):
    return http_client.post(
        reverse("triggerfinder:plan-cancel", args=[plan.pk]), {"version": plan.version}, follow=True
    )


@pytest.mark.django_db
class TestPlansOfFrozenRecords:
    def test_a_plan_of_a_client_who_withdrew_consent_cannot_be_cancelled(self, therapist_client, therapist):
        plan = plan_for(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        plan.refresh_from_db()
        therapist_client.post(reverse("triggerfinder:consent-withdraw", args=[plan.client.pk]))
        page = therapist_client.get(plan.get_absolute_url()).text
        assert reverse("triggerfinder:plan-cancel", args=[plan.pk]) not in page
        response = cancel(therapist_client, plan)
        assert LOCKED in response.text
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.ACCEPTED
        assert not plan.sessions.filter(status=PlannedSession.Status.CANCELLED).exists()
        with pytest.raises(ClientLockedError):
            plans.plan_cancel(plan=plan)

    def test_a_completed_plan_of_a_restricted_client_cannot_be_cancelled(self, therapist_client, lead):
        plan = plan_for(therapist_client)
        TreatmentPlan.objects.filter(pk=plan.pk).update(status=TreatmentPlan.Status.COMPLETED)
        clients.client_restrict(client=plan.client, user=lead)
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.COMPLETED  # restriction keeps what happened
        assert LOCKED in cancel(therapist_client, plan).text
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.COMPLETED

    def test_a_completed_plan_cannot_be_cancelled_at_all(self, therapist_client):
        plan = plan_for(therapist_client)
        TreatmentPlan.objects.filter(pk=plan.pk).update(status=TreatmentPlan.Status.COMPLETED)
        plan.refresh_from_db()
        response = cancel(therapist_client, plan)
        assert "Nur ein vorgeschlagener oder angenommener Plan kann abgesagt werden" in response.text
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.COMPLETED
        with pytest.raises(plans.PlanNotCancellableError):
            plans.plan_cancel(plan=plan)

    def test_restricting_after_a_withdrawal_still_cancels_the_open_plan(
        self, therapist_client, therapist, lead
    ):
        plan = plan_for(therapist_client)
        clients.consent_withdraw(client=plan.client, user=therapist)
        clients.client_restrict(client=plan.client, user=lead)
        plan.refresh_from_db()
        assert plan.status == TreatmentPlan.Status.CANCELLED
        assert not plan.sessions.filter(status__in=PlannedSession.OPEN).exists()


@pytest.mark.django_db
class TestTimestampsAreSetOnce:
    def test_restricting_again_keeps_the_first_moment_and_the_retention_clock(self, client, therapist_client):
        record = plan_for(therapist_client).client
        first_lead = make_user("miriam", role=roles.PRACTICE_LEAD)
        second_lead = make_user("jonas", role=roles.PRACTICE_LEAD)
        client.force_login(first_lead)
        client.post(reverse("triggerfinder:client-restrict", args=[record.pk]))
        long_ago = timezone.now() - timedelta(days=400)
        Client.objects.filter(pk=record.pk).update(restricted_at=long_ago)
        record.refresh_from_db()
        retention = purge.retention_until(record)
        client.force_login(second_lead)
        response = client.post(reverse("triggerfinder:client-restrict", args=[record.pk]), follow=True)
        assert "bereits eingeschränkt" in response.text
        clients.client_restrict(client=record, user=second_lead)
        record.refresh_from_db()
        assert record.restricted_at == long_ago and record.restricted_by == first_lead
        assert purge.retention_until(record) == retention

    def test_withdrawing_again_keeps_the_first_record(self, client, therapist_client, therapist, lead):
        record = plan_for(therapist_client).client
        therapist_client.post(reverse("triggerfinder:consent-withdraw", args=[record.pk]))
        long_ago = timezone.now() - timedelta(days=30)
        Client.objects.filter(pk=record.pk).update(consent_withdrawn_at=long_ago)
        client.force_login(lead)
        response = client.post(reverse("triggerfinder:consent-withdraw", args=[record.pk]), follow=True)
        assert "bereits erfasst" in response.text
        clients.consent_withdraw(client=record, user=lead)
        record.refresh_from_db()
        assert record.consent_withdrawn_at == long_ago
        assert record.consent_withdrawn_recorded_by == therapist


@pytest.mark.django_db
class TestAdminChangesNoClientRecord:
    def test_the_admin_refuses_every_write_to_a_restricted_record(self, client, therapist_client, lead):
        plan = plan_for(therapist_client)
        record = plan.client
        clients.client_restrict(client=record, user=lead)
        admin_user = make_user("ada", is_staff=True, is_superuser=True)
        login_verified(client, admin_user)
        change = f"/admin/triggerfinder/client/{record.pk}/change/"
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.text
        posted = client.post(change, {"first_name": "Changed", "last_name": "X", "therapist": admin_user.pk})
        assert posted.status_code == 403
        assert (
            client.post(f"/admin/triggerfinder/client/{record.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
        plan_change = f"/admin/triggerfinder/treatmentplan/{plan.pk}/change/"
        assert client.post(plan_change, {"status": "proposed"}).status_code == 403
        record.refresh_from_db()
        plan.refresh_from_db()
        assert record.first_name != "Changed" and plan.status == TreatmentPlan.Status.CANCELLED


@pytest.mark.django_db
def test_the_admin_offers_only_the_practice_therapists_as_users(client, therapist):
    import re

    from tests.conftest import make_client

    record = make_client(therapist)
    make_user("kurt", role=roles.KNOWLEDGE_EDITOR)
    make_user("gast")
    admin_user = make_user("ada", is_staff=True, is_superuser=True)
    login_verified(client, admin_user)
    history_id = record.history.first().history_id
    page = client.get(f"/admin/triggerfinder/client/{record.pk}/history/{history_id}/")
    assert page.status_code == 200
    select = re.search(r'<select name="therapist".*?</select>', page.text, re.S).group(0)
    offered = set(re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select))
    assert offered == {"lena", "ada"}  # a therapist and the superuser; no editor, no bare account
