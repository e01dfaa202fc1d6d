"""The client's current screening between intakes: findings recorded at a visit, resolutions,
clearances that name what they cover, and sessions the gate refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_intake import URL, intake_post
from tests.test_sessions import session_post
from triggerfinder.models import Contraindication, Finding, TreatmentPlan, TreatmentSession
from triggerfinder.selectors import decisions
from triggerfinder.services import findings, plans


def plan_with(http_client, *found: str) -> TreatmentPlan:
    assert http_client.post(URL, intake_post(yes=list(found))).status_code == 302
    return TreatmentPlan.objects.latest("pk")


def record(http_client, client, slug: str, note: str = ""):
    return http_client.post(
        reverse("triggerfinder:finding-create", args=[client.pk]),
        {"contraindication": slug, "note": note},
        follow=True,
    )


def clear(client, user, *findings_, on=None):
    return findings.clearance_record(
        client=client,
        user=user,
        cleared_on=on or timezone.localdate(),
        note="Dr. Weber: frei",
        findings=[f.pk for f in findings_],
    )


@pytest.mark.django_db
class TestFindingsBetweenVisits:
    def test_a_finding_at_a_visit_joins_the_current_screening_at_once(self, therapist_client, therapist):
        plan = plan_with(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        page = record(therapist_client, plan.client, "saddle-numbness", "beim Sitzen taub").text
        assert "wurde erfasst" in page and 'data-level="emergency"' in page and 'data-blocked="true"' in page
        finding = Finding.objects.get(client=plan.client)
        assert (
            finding.intake is None and finding.recorded_by == therapist and finding.note == "beim Sitzen taub"
        )
        # The accepted plan stays accepted, but the gate blocks every output from now on.
        calendar = therapist_client.get(reverse("triggerfinder:plan-calendar", args=[plan.pk]), follow=True)
        assert calendar["Content-Type"].startswith("text/html") and "kein Kalenderexport" in calendar.text
        listing = therapist_client.get(reverse("triggerfinder:client-list")).text
        assert 'data-blocked="true"' in listing

    def test_a_caution_can_be_marked_resolved_with_who_when_and_why(self, therapist_client, therapist):
        plan = plan_with(therapist_client, "blood-thinners")
        finding = Finding.objects.get(client=plan.client)
        response = therapist_client.post(
            reverse("triggerfinder:finding-resolve", args=[finding.pk]),
            {"resolution_note": "abgesetzt laut Hausarzt", "version": finding.version},
            follow=True,
        )
        assert "als erledigt markiert" in response.text
        finding.refresh_from_db()
        assert finding.resolved_by == therapist and finding.resolved_at is not None
        assert finding.resolution_note == "abgesetzt laut Hausarzt"
        assert decisions.client_decision(plan.client).level == "clear"
        assert [h.resolved_at is None for h in finding.history.order_by("history_date")] == [True, False]

    def test_a_red_flag_is_never_ticked_off(self, therapist_client):
        plan = plan_with(therapist_client, "numbness")
        finding = Finding.objects.get(client=plan.client)
        response = therapist_client.post(
            reverse("triggerfinder:finding-resolve", args=[finding.pk]),
            {"resolution_note": "weg", "version": finding.version},
            follow=True,
        )
        assert "Ein Warnzeichen wird nicht abgehakt" in response.text
        assert Finding.objects.get(pk=finding.pk).resolved_at is None
        assert 'action="/findings/' not in therapist_client.get(plan.client.get_absolute_url()).text

    def test_a_resolve_needs_a_reason(self, therapist_client):
        plan = plan_with(therapist_client, "blood-thinners")
        finding = Finding.objects.get(client=plan.client)
        response = therapist_client.post(
            reverse("triggerfinder:finding-resolve", args=[finding.pk]),
            {"version": finding.version},
            follow=True,
        )
        assert "warum der Befund erledigt ist" in response.text
        assert Finding.objects.get(pk=finding.pk).resolved_at is None

    def test_another_therapists_finding_is_404(self, therapist_client, client, other_therapist):
        plan = plan_with(therapist_client, "blood-thinners")
        finding = Finding.objects.get(client=plan.client)
        client.force_login(other_therapist)
        assert (
            client.post(
                reverse("triggerfinder:finding-resolve", args=[finding.pk]), {"resolution_note": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(reverse("triggerfinder:finding-create", args=[plan.client.pk]), {}).status_code == 404
        )

    def test_a_new_intake_is_the_new_screening(self, therapist_client, therapist):
        plan = plan_with(therapist_client, "numbness")
        clear(plan.client, therapist, Finding.objects.get(client=plan.client))
        assert not decisions.client_decision(plan.client).blocked
        # The same red flag at the next intake is a new finding: the old clearance does not cover it.
        again = therapist_client.post(
            reverse("triggerfinder:intake-for-client", args=[plan.client.pk]),
            intake_post(yes=["numbness"], **{"client-first_name": None}),
        )
        assert again.status_code == 302
        decision = decisions.client_decision(plan.client)
        assert decision.blocked and len(decision.uncovered) == 1

    def test_a_clearance_covers_only_what_it_names(self, therapist_client, therapist):
        plan = plan_with(therapist_client, "numbness", "tingling")
        numbness, tingling = (
            Finding.objects.get(client=plan.client, contraindication__slug=s)
            for s in ("numbness", "tingling")
        )
        clear(plan.client, therapist, numbness)
        decision = decisions.client_decision(plan.client)
        assert decision.blocked and [f.key for f in decision.uncovered] == [tingling.pk]
        clearance = clear(plan.client, therapist, tingling)
        assert clearance.recorded_by == therapist and list(clearance.findings.all()) == [tingling]
        assert not decisions.client_decision(plan.client).blocked

    def test_a_clearance_older_than_its_finding_or_in_the_future_is_refused(
        self, therapist_client, therapist
    ):
        plan = plan_with(therapist_client, "numbness")
        finding = Finding.objects.get(client=plan.client)
        for day, problem in [
            (timezone.localdate() - timedelta(days=360), "before-finding"),
            (timezone.localdate() + timedelta(days=1), "future"),
        ]:
            with pytest.raises(findings.ClearanceRefusedError) as refused:
                clear(plan.client, therapist, finding, on=day)
            assert problem in refused.value.problems
        with pytest.raises(findings.ClearanceRefusedError):
            clear(plan.client, therapist)  # names nothing
        assert not plan.client.clearances.exists()


@pytest.mark.django_db
class TestSessionsUnderTheGate:
    def test_a_blocked_client_gets_no_session_and_the_form_shows_why(self, therapist_client, therapist):
        plan = plan_with(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        findings.finding_record(
            client=plan.client,
            contraindication=Contraindication.objects.get(slug="saddle-numbness"),
            user=therapist,
        )
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        form = therapist_client.get(url).text
        assert 'data-level="emergency"' in form and 'data-blocked="true"' in form
        assert 'value="quadratus-lumborum" selected' not in form  # no muscle filled in
        refused = therapist_client.post(url, session_post())
        assert refused.status_code == 200 and "Es kann keine Sitzung erfasst werden" in refused.text
        assert "2 aktive TrP" in refused.text  # what was typed is kept
        assert not TreatmentSession.objects.exists()
        assert not plan.sessions.filter(status="done").exists()

    def test_after_a_valid_clearance_the_session_is_recorded(self, therapist_client, therapist):
        plan = plan_with(therapist_client, "numbness")
        clear(plan.client, therapist, Finding.objects.get(client=plan.client))
        plans.plan_accept(plan=plan, user=therapist)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        assert therapist_client.post(url, session_post()).status_code == 302
        assert TreatmentSession.objects.count() == 1

    def test_an_excluded_muscle_is_not_filled_in_and_not_recorded(self, therapist_client, therapist):
        pregnancy = Contraindication.objects.get(slug="pregnancy")
        pregnancy.excluded_muscles.add(
            *pregnancy.excluded_muscles.model.objects.filter(slug="quadratus-lumborum")
        )
        plan = plan_with(therapist_client, "pregnancy")
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        assert 'value="quadratus-lumborum" selected' not in therapist_client.get(url).text
        refused = therapist_client.post(url, session_post())
        assert refused.status_code == 200 and "Das Screening schließt die Behandlung aus" in refused.text
        assert not TreatmentSession.objects.exists()

    def test_no_session_while_a_postponement_is_current(self, therapist_client, therapist):
        plan = plan_with(therapist_client, "fever")
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        refused = therapist_client.post(url, session_post())
        assert refused.status_code == 200 and not TreatmentSession.objects.exists()
        fever = Finding.objects.get(client=plan.client)
        findings.finding_resolve(finding=fever, user=therapist, note="fieberfrei")
        still_early = therapist_client.post(url, session_post())
        assert "keine Sitzung vor dem" in still_early.text  # resolving early does not shorten the delay
        # Once the delay has passed (the fever was recorded days ago), the session is recorded.
        days = fever.contraindication.postpone_days
        Finding.objects.filter(pk=fever.pk).update(recorded_at=timezone.now() - timedelta(days=days))
        done = therapist_client.post(url, session_post())
        assert done.status_code == 302, alerts(done)


def alerts(response):
    import re

    return re.findall(r"alert-danger[^>]*>(.*?)</div>", response.text, re.S)
