from __future__ import annotations

import dataclasses

import pytest
from django.utils import timezone

from tests.services.conftest import intake_input
from triggerfinder.models import Client, Finding, Intake, ScreeningAnswer, TreatmentPlan
from triggerfinder.services import clients, intakes
from triggerfinder.services.guards import ClientLockedError


@pytest.mark.django_db
class TestIntakeCreate:
    def test_a_new_client_intake_answers_findings_and_plan_at_once(self, therapist):
        data = intake_input(yes=["blood-thinners"])
        intake, created = intakes.intake_create(
            user=therapist,
            data=data,
            today=timezone.localdate(),
            client_fields={"first_name": "Erika", "last_name": "Mustermann"},
        )
        assert created and intake.client.therapist == therapist
        assert intake.recorded_by == therapist and intake.consent_recorded_by == therapist
        assert ScreeningAnswer.objects.filter(intake=intake).count() == len(data.answers)
        assert list(
            Finding.objects.filter(intake=intake).values_list("contraindication__slug", flat=True)
        ) == ["blood-thinners"]
        assert TreatmentPlan.objects.get(intake=intake).status == TreatmentPlan.Status.PROPOSED

    def test_the_same_submission_twice_creates_nothing_new(self, therapist):
        data = intake_input()
        first, _ = intakes.intake_create(
            user=therapist,
            data=data,
            today=timezone.localdate(),
            client_fields={"first_name": "A", "last_name": "B"},
        )
        again, created = intakes.intake_create(
            user=therapist,
            data=data,
            today=timezone.localdate(),
            client_fields={"first_name": "A", "last_name": "B"},
        )
        assert again == first and not created
        assert Intake.objects.count() == 1 and Client.objects.count() == 1

    def test_unanswered_screening_questions_are_refused(self, therapist):
        data = intake_input()
        missing = sorted(data.answers)[0]
        partial = dataclasses.replace(data, answers={k: v for k, v in data.answers.items() if k != missing})
        with pytest.raises(intakes.ScreeningIncompleteError) as refused:
            intakes.intake_create(
                user=therapist, data=partial, today=timezone.localdate(), client_fields={"first_name": "A"}
            )
        assert missing in refused.value.unanswered
        assert not Intake.objects.exists() and not Client.objects.exists()

    def test_a_locked_client_takes_no_intake(self, therapist, record_intake):
        client = record_intake().client
        clients.consent_withdraw(client=client, user=therapist)
        with pytest.raises(ClientLockedError):
            intakes.intake_create(
                user=therapist,
                data=intake_input(),
                today=timezone.localdate(),
                client=Client.objects.get(pk=client.pk),
            )
        assert client.intakes.count() == 1
