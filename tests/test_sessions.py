"""Session records, per-client progress and the practice's outcomes."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.answers import answered
from tests.conftest import VerifiedClient, make_client, make_user
from tests.test_intake import URL, intake_post
from triggerfinder.models import Intake, PlannedSession, TreatmentPlan, TreatmentSession
from triggerfinder.security import roles
from triggerfinder.services import clients, intakes, plans, sessions


def accepted_plan(http_client, user, **changes) -> TreatmentPlan:
    assert http_client.post(URL, intake_post(**changes)).status_code == 302
    plan = TreatmentPlan.objects.latest("pk")
    plans.plan_accept(plan=plan, user=user)
    plan.refresh_from_db()
    return plan


def session_post(**changes) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "pain_before": "6",
        "pain_after": "4",
        "feedback": "Etwas lockerer",
        "subjective": "Zieht beim Bücken",
        "objective": "",
        "assessment": "",
        "soap_plan": "",
        "muscles-TOTAL_FORMS": "2",
        "muscles-INITIAL_FORMS": "0",
        "muscles-MIN_NUM_FORMS": "0",
        "muscles-MAX_NUM_FORMS": "20",
        "muscles-0-muscle": "quadratus-lumborum",
        "muscles-0-side": "right",
        "muscles-0-findings": "2 aktive TrP",
        "muscles-1-muscle": "",
        "muscles-1-side": "both",
        "muscles-1-findings": "",
        "regions-intensity-lower-back": "5",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
class TestRecording:
    def test_record_a_planned_session(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        first = plan.sessions.get(kind="cycle", number=1)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        page = therapist_client.get(url, {"planned": first.pk})
        assert 'name="muscles-0-muscle"' in page.text and "quadratus-lumborum" in page.text
        response = therapist_client.post(url, session_post(planned_session=str(first.pk)))
        assert response.status_code == 302
        session = TreatmentSession.objects.get()
        assert session.planned_session == first and session.plan == plan and session.therapist == therapist
        assert [(m.muscle.slug, m.side, m.findings) for m in session.muscles.all()] == [
            ("quadratus-lumborum", "right", "2 aktive TrP")
        ]
        assert {r.region.slug: r.intensity for r in session.regions.all()} == {"lower-back": 5}
        first.refresh_from_db()
        assert first.status == PlannedSession.Status.DONE
        plan_page = therapist_client.get(plan.get_absolute_url()).text
        assert f"1 von {plan.cycle_length} Zyklussitzungen erledigt" in plan_page
        client_page = therapist_client.get(plan.client.get_absolute_url()).text
        assert f"1 von {plan.cycle_length}" in client_page and "6 → 4" in client_page

    def test_a_back_dated_session_keeps_its_entry_time(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        Intake.objects.update(recorded_at=timezone.now() - timedelta(days=10))
        held = timezone.localtime() - timedelta(days=3)
        therapist_client.post(
            reverse("triggerfinder:session-create", args=[plan.client.pk]),
            session_post(held_at=held.strftime("%Y-%m-%dT%H:%M")),
        )
        session = TreatmentSession.objects.get()
        assert timezone.localtime(session.held_at).date() == held.date()
        assert timezone.now() - session.recorded_at < timedelta(minutes=1)
        assert "eingetragen" in therapist_client.get(plan.client.get_absolute_url()).text

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"pain_after": "11"}, "kleiner oder gleich 10"),
            ({"pain_before": "-1"}, "größer oder gleich 0"),
            ({"held_at": "2001-01-01T10:00"}, "vor der Aufnahme"),
            ({"held_at": "2999-01-01T10:00"}, "bevor sie stattgefunden hat"),
            ({"held_at": "gestern"}, "gültiges Datum"),
            ({"muscles-0-muscle": "elbow-flexor"}, "gültige Auswahl"),
        ],
    )
    def test_bad_input_is_a_message_and_nothing_is_lost(self, therapist_client, therapist, changes, message):
        plan = accepted_plan(therapist_client, therapist)
        response = therapist_client.post(
            reverse("triggerfinder:session-create", args=[plan.client.pk]), session_post(**changes)
        )
        assert response.status_code == 200 and message in response.text
        assert not TreatmentSession.objects.exists()
        assert "Zieht beim Bücken" in response.text

    def test_double_submit_records_once(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        data = session_post()
        therapist_client.post(url, data)
        again = therapist_client.post(url, data, follow=True)
        assert TreatmentSession.objects.count() == 1 and "bereits erfasst" in again.text

    def test_a_planned_session_is_fulfilled_once(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        first = plan.sessions.get(kind="cycle", number=1)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        therapist_client.post(url, session_post(planned_session=str(first.pk)))
        response = therapist_client.post(url, session_post(planned_session=str(first.pk)))
        assert response.status_code == 200 and TreatmentSession.objects.count() == 1

    def test_another_therapists_client_is_404(self, therapist_client, therapist, client, other_therapist):
        plan = accepted_plan(therapist_client, therapist)
        client.force_login(other_therapist)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, session_post()).status_code == 404
        planned = plan.sessions.first()
        assert (
            client.post(
                reverse("triggerfinder:planned-session-mark", args=[planned.pk]), {"status": "missed"}
            ).status_code
            == 404
        )
        assert not TreatmentSession.objects.exists()

    def test_mark_missed_and_moved(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        second, third = plan.sessions.get(kind="cycle", number=2), plan.sessions.get(kind="cycle", number=3)
        mark = "triggerfinder:planned-session-mark"
        therapist_client.post(reverse(mark, args=[second.pk]), {"status": "missed"})
        new_day = third.date + timedelta(days=1)
        therapist_client.post(
            reverse(mark, args=[third.pk]), {"status": "moved", "date": new_day.isoformat()}
        )
        second.refresh_from_db()
        third.refresh_from_db()
        assert second.status == "missed" and third.status == "moved" and third.date == new_day
        bad = therapist_client.post(reverse(mark, args=[third.pk]), {"status": "done"}, follow=True)
        assert "nicht möglich" in bad.text


def record(plan, *, days_ago: int, before: int, after: int, user) -> TreatmentSession:
    return TreatmentSession.objects.create(
        client=plan.client,
        plan=plan,
        therapist=user,
        held_at=timezone.now() - timedelta(days=days_ago),
        pain_before=before,
        pain_after=after,
        submission_key=uuid.uuid4(),
    )


@pytest.mark.django_db
class TestProgress:
    def test_change_label_and_chart(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist, overall_pain="8")
        Intake.objects.update(recorded_at=timezone.now() - timedelta(days=20))
        record(plan, days_ago=14, before=8, after=6, user=therapist)
        record(plan, days_ago=7, before=6, after=4, user=therapist)
        page = therapist_client.get(plan.client.get_absolute_url()).text
        # Like with like: pain since the last visit (6) against the intake (8) is 25 %, 2 points: minimal.
        # The 4 right after the last session would have read "-50 %"; it is only the session's effect.
        assert 'data-category="minimal"' in page and "-2 Punkte (-25 %)" in page
        assert "minimale Verbesserung (mindestens 2 Punkte, aber unter 30 % weniger)" in page
        assert "Schmerz seit dem letzten Termin, angegeben bei der letzten Sitzung: 6/10" in page
        assert "Letzte Sitzung: 6 → 4 in der Sitzung" in page
        assert "-4 Punkte" not in page and 'data-category="substantial"' not in page
        # The progress line is drawn from the pain before each session (8 then 6); the pain after is
        # only a stroke at each session.
        assert '<polyline class="tf-progress" points="30.0,46.0 590.0,82.0"/>' in page
        assert '<line class="tf-effect" x1="590.0" x2="590.0" y1="82.0" y2="118.0"/>' in page
        assert 'class="tf-after"' not in page
        assert "Der dünne graue Strich bei jeder Sitzung ist ihre unmittelbare Wirkung" in page
        assert "Schmerz zu Beginn → direkt nach der Sitzung" in page
        assert "Keine Verbesserung um 30 %" not in page

    def test_no_improvement_after_four_weeks_suggests_a_review(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist, overall_pain="8")
        Intake.objects.update(recorded_at=timezone.now() - timedelta(days=60))
        for week in range(5):
            # Much less pain right after each session, but the days in between stay at 7.
            record(plan, days_ago=35 - 7 * week, before=7, after=3, user=therapist)
        page = therapist_client.get(plan.client.get_absolute_url()).text
        assert "Keine Verbesserung um 30 % nach etwa vier Wochen." in page
        assert 'data-category="none"' in page and "keine relevante Veränderung" in page

    def test_pain_since_the_last_visit_improving_is_no_review(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist, overall_pain="8")
        Intake.objects.update(recorded_at=timezone.now() - timedelta(days=60))
        for week, before in enumerate([8, 7, 6, 5, 4]):
            record(plan, days_ago=35 - 7 * week, before=before, after=before, user=therapist)
        page = therapist_client.get(plan.client.get_absolute_url()).text
        assert "Keine Verbesserung um 30 %" not in page and 'data-category="substantial"' in page

    def test_english_labels(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist, overall_pain="10")
        Intake.objects.update(recorded_at=timezone.now() - timedelta(days=20))
        record(plan, days_ago=7, before=8, after=2, user=therapist)
        page = therapist_client.get("/en" + plan.client.get_absolute_url()).text
        assert "-2 points (-20 %): minimal improvement" in page
        assert "Last session: 8 → 2 in the session" in page
        assert "Pain at the start → right after the session" in page
        with translation.override("en"):
            url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        form = therapist_client.get(url).text
        assert "Pain since the last visit (0–10)" in form and "Pain right after the session (0–10)" in form
        with translation.override("de"):
            url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        form = therapist_client.get(url).text
        assert "Schmerz seit dem letzten Termin (0–10)" in form
        assert "Schmerz direkt nach der Sitzung (0–10)" in form
        assert "Wie waren die Tage seit dem letzten Termin?" in form


def outcome_plan(user, *, baseline: int, pains: list[int], chronic: bool, region: str) -> TreatmentPlan:
    """``pains`` are the pains at the start of the sessions; right after each the client has none, which
    must not count as progress."""
    client = make_client(user, last_name=f"Outcome {uuid.uuid4().hex[:6]}")
    data = intakes.IntakeInput(
        regions={region: 5},
        overall_pain=baseline,
        duration_months=24 if chronic else 2,
        factors=[],
        answers=answered({region: 5}, []),
        notes="",
        start=None,
        submission_key=uuid.uuid4(),
    )
    intake, _created = intakes.intake_create(user=user, data=data, today=timezone.localdate(), client=client)
    plan = intake.plans.get()
    plans.plan_accept(plan=plan, user=user)
    for index, pain in enumerate(pains):
        record(plan, days_ago=100 - index, before=pain, after=0, user=user)
    return plan


@pytest.mark.django_db
class TestOutcomes:
    @pytest.fixture
    def data(self, therapist):
        # At session 6 (baseline 10), pain since the last visit: 3, 5, 7 count as ≥30 %; 3, 5 as ≥50 %;
        # 8 (minimal) and 10 do not, although every session ended at 0.
        for pain6, region in [(3, "lower-back"), (5, "lower-back"), (7, "neck"), (8, "neck"), (10, "neck")]:
            outcome_plan(therapist, baseline=10, pains=[9, 9, 9, 9, 9, pain6], chronic=True, region=region)
        outcome_plan(
            therapist, baseline=0, pains=[0] * 6, chronic=False, region="neck"
        )  # counted, never improved
        outcome_plan(
            therapist, baseline=10, pains=[1] * 5, chronic=True, region="neck"
        )  # only 5 sessions: left out
        lead = make_user("lead", role=roles.PRACTICE_LEAD)
        return lead

    def test_shares_and_intervals_after_session_six(self, client, data):
        from triggerfinder.views.outcomes import outcome_rows

        rows = {(r["group"], r["label"]): r for r in outcome_rows(data, "six")}
        overall = rows[("overall", "Alle Klienten")]
        assert overall["n"] == 6
        assert (overall["improved_30"].count, overall["improved_50"].count) == (3, 2)
        assert overall["improved_30"].low == pytest.approx(0.1876, abs=1e-3)
        assert overall["improved_30"].high == pytest.approx(0.8124, abs=1e-3)
        chronic = rows[("chronic", "Chronisch (3 Monate oder länger, IASP)")]
        assert (chronic["n"], chronic["improved_30"].count) == (5, 3)
        assert rows[("chronic", "Nicht chronisch (unter 3 Monaten)")]["n"] == 1
        assert (
            rows[("region", "Unterer Rücken")]["n"],
            rows[("region", "Unterer Rücken")]["improved_50"].count,
        ) == (2, 2)
        assert (rows[("region", "Nacken")]["n"], rows[("region", "Nacken")]["improved_30"].count) == (4, 1)

    def test_after_the_full_cycle(self, data):
        from triggerfinder.views.outcomes import outcome_rows

        # Only the non-chronic plan (a cycle of 3) has recorded its whole cycle; its baseline was 0.
        overall = outcome_rows(data, "cycle")[0]
        assert (overall["n"], overall["improved_30"].count, overall["improved_50"].count) == (1, 0, 0)

    def test_page_and_csv(self, client, data):
        client.force_login(data)
        page = client.get(reverse("triggerfinder:outcomes"))
        assert page.status_code == 200 and "Bei Sitzung 6" in page.text and "95 % KI" in page.text
        assert "Gezählt wird der Schmerz, den der Klient zu Beginn der Sitzung" in page.text
        assert "Bei der letzten Sitzung des Zyklus" in page.text
        response = client.get(reverse("triggerfinder:outcomes-csv"))
        assert response["Content-Disposition"].startswith("attachment")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["milestone", "group", "label", "clients"]
        six = next(row for row in rows if row[0] == "six" and row[1] == "overall")
        assert six[3:6] == ["6", "3", "0.500"]

    def test_a_therapist_sees_only_own_clients_outcomes(self, client, data, other_therapist):
        from triggerfinder.views.outcomes import outcome_rows

        rows = outcome_rows(other_therapist, "six")
        assert rows[0]["n"] == 0


@pytest.mark.django_db
def test_handout_shows_progress_from_two_sessions(therapist_client, therapist):
    import pypdf

    plan = accepted_plan(therapist_client, therapist, overall_pain="10")
    Intake.objects.update(recorded_at=timezone.now() - timedelta(days=20))
    url = reverse("triggerfinder:client-handout", args=[plan.client.pk])

    def text() -> str:
        pdf = therapist_client.get(url).content
        return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())

    record(plan, days_ago=14, before=10, after=5, user=therapist)
    assert "Ihr Verlauf" not in text()
    # 20 % less since the last visit (the 2 right after the session is not progress): minimal wording.
    record(plan, days_ago=7, before=8, after=2, user=therapist)
    printed = text()
    assert "Ihr Verlauf" in printed
    assert "10/10 zu Beginn der Behandlung, 8/10 in den Tagen vor Ihrem letzten Termin" in printed
    assert "Ihre Schmerzen sind etwas geringer" in printed
    assert "deutliche" not in printed.lower() and "2/10" not in printed


@pytest.mark.django_db
def test_chart_numbers_use_a_decimal_point_in_german(therapist_client, therapist):
    import re

    plan = accepted_plan(therapist_client, therapist, overall_pain="7")
    Intake.objects.update(recorded_at=timezone.now() - timedelta(days=20))
    record(plan, days_ago=14, before=7, after=5, user=therapist)
    record(plan, days_ago=7, before=5, after=3, user=therapist)
    page = therapist_client.get(plan.client.get_absolute_url()).text
    svg = page[
        page.index('<svg class="tf-chart"') : page.index("</svg>", page.index('<svg class="tf-chart"'))
    ]
    assert re.search(r'cy="\d+\.\d"', svg) and not re.search(r'(cx|cy|y1|y2|y)="\d+,\d', svg)
    assert 'class="tf-region tf-heat-7" data-region="lower-back"' in page


def correction_post(session: TreatmentSession, **changes) -> dict:
    fields = ["duration_minutes", "pain_before", "pain_after", "feedback", "subjective", "objective"]
    data = {name: getattr(session, name) for name in fields}
    data.update(
        held_at=timezone.localtime(session.held_at).strftime("%Y-%m-%dT%H:%M"),
        assessment=session.assessment,
        soap_plan=session.soap_plan,
        version=session.version,
    )
    data.update(changes)
    return data


@pytest.mark.django_db
class TestCorrection:
    def recorded(self, http_client, therapist) -> TreatmentSession:
        plan = accepted_plan(http_client, therapist)
        url = reverse("triggerfinder:session-create", args=[plan.client.pk])
        assert http_client.post(url, session_post()).status_code == 302
        return TreatmentSession.objects.get()

    def test_correct_the_notes_keeps_entry_time_muscles_and_history(self, therapist_client, therapist):
        session = self.recorded(therapist_client, therapist)
        url = reverse("triggerfinder:session-update", args=[session.pk])
        client_page = therapist_client.get(session.client.get_absolute_url()).text
        assert url in client_page
        response = therapist_client.post(
            url, correction_post(session, pain_after=3, soap_plan="Hausaufgabe: Ball")
        )
        assert response.status_code == 302
        corrected = TreatmentSession.objects.get(pk=session.pk)
        assert (corrected.pain_after, corrected.soap_plan, corrected.version) == (3, "Hausaufgabe: Ball", 2)
        assert corrected.recorded_at == session.recorded_at and corrected.muscles.count() == 1
        assert [h.pain_after for h in corrected.history.order_by("history_date")] == [4, 3]

    def test_bad_input_is_a_message_and_keeps_what_was_typed(self, therapist_client, therapist):
        session = self.recorded(therapist_client, therapist)
        url = reverse("triggerfinder:session-update", args=[session.pk])
        page = therapist_client.post(url, correction_post(session, pain_after=11, feedback="neu & <wichtig>"))
        assert page.status_code == 200
        assert "kleiner oder gleich 10" in page.text and "neu &amp; &lt;wichtig&gt;" in page.text
        assert TreatmentSession.objects.get(pk=session.pk).pain_after == 4

    def test_another_therapists_session_is_404_and_a_locked_record_is_refused(
        self, therapist_client, therapist, other_therapist
    ):
        session = self.recorded(therapist_client, therapist)
        url = reverse("triggerfinder:session-update", args=[session.pk])
        other = VerifiedClient()
        other.force_login(other_therapist)
        assert other.get(url).status_code == 404
        assert other.post(url, correction_post(session, pain_after=0)).status_code == 404
        clients.consent_withdraw(client=session.client, user=therapist)
        assert therapist_client.post(url, correction_post(session, pain_after=0)).status_code in (302, 403)
        assert TreatmentSession.objects.get(pk=session.pk).pain_after == 4

    def test_a_correction_on_an_outdated_session_shows_both_versions(self, therapist_client, therapist):
        session = self.recorded(therapist_client, therapist)
        url = reverse("triggerfinder:session-update", args=[session.pk])
        sessions.session_correct(session=TreatmentSession.objects.get(pk=session.pk), feedback="Kollegin")
        page = therapist_client.post(url, correction_post(session, feedback="ich"))
        assert page.status_code == 200 and "Kollegin" in page.text and "ich" in page.text
        assert TreatmentSession.objects.get(pk=session.pk).feedback == "Kollegin"
