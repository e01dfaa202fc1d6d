from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from triggerfinder.models import Contraindication, Finding
from triggerfinder.services import clients, findings
from triggerfinder.services.guards import ClientLockedError


@pytest.mark.django_db
class TestFindings:
    def test_an_intake_records_its_findings(self, therapist, record_intake):
        intake = record_intake(yes=["blood-thinners"])
        finding = Finding.objects.get(intake=intake)
        assert finding.client == intake.client and finding.recorded_by == therapist

    def test_a_finding_at_a_visit_and_its_resolution(self, therapist, record_intake):
        client = record_intake().client
        finding = findings.finding_record(
            client=client, contraindication=Contraindication.objects.get(slug="fever"), user=therapist
        )
        assert finding.intake is None and finding.resolved_at is None
        resolved = findings.finding_resolve(finding=finding, user=therapist, note="abgeklungen")
        assert resolved.resolved_at is not None and resolved.resolved_by == therapist
        with pytest.raises(findings.FindingNotResolvableError):
            findings.finding_resolve(finding=resolved, user=therapist, note="noch einmal")

    def test_a_red_flag_is_cleared_never_resolved(self, therapist, record_intake):
        intake = record_intake(yes=["numbness"])
        finding = intake.client.findings.get()
        with pytest.raises(findings.FindingNotResolvableError):
            findings.finding_resolve(finding=finding, user=therapist, note="")
        clearance = findings.clearance_record(
            client=intake.client,
            user=therapist,
            cleared_on=timezone.localdate(),
            note="Dr. Weber",
            findings=[finding.pk],
        )
        assert list(clearance.findings.all()) == [finding]

    def test_a_clearance_in_the_future_or_of_nothing_is_refused(self, therapist, record_intake):
        intake = record_intake(yes=["numbness"])
        finding = intake.client.findings.get()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(findings.ClearanceRefusedError) as refused:
            findings.clearance_record(
                client=intake.client,
                user=therapist,
                cleared_on=tomorrow,
                note="Dr. Weber",
                findings=[finding.pk],
            )
        assert refused.value.problems
        with pytest.raises(findings.ClearanceRefusedError):
            findings.clearance_record(
                client=intake.client,
                user=therapist,
                cleared_on=timezone.localdate(),
                note="Dr. Weber",
                findings=[],
            )
        assert not intake.client.clearances.exists()

    def test_a_locked_client_takes_no_finding(self, therapist, record_intake):
        client = record_intake().client
        clients.consent_withdraw(client=client, user=therapist)
        with pytest.raises(ClientLockedError):
            findings.finding_record(
                client=client, contraindication=Contraindication.objects.get(slug="fever"), user=therapist
            )
