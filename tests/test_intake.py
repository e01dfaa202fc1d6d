"""The intake page through the test client: one page, one atomic save, nothing lost on errors."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.answers import answered, shipped_answers
from tests.conftest import make_client
from triggerfinder.models import Client, Intake, IntakeRegion, PlannedSession, TreatmentPlan
from triggerfinder.services import intakes, plans

URL = "/intake/"


def answer_fields(regions, yes=()) -> dict[str, str]:
    """The intake's screening answers as posted: every question shown for ``regions``."""
    answers = shipped_answers(regions, yes)
    return {f"answer-{slug}": "yes" if present else "no" for slug, present in answers.items()}


def intake_post(yes=("blood-thinners",), **changes) -> dict:
    """The intake form as posted; ``yes``: the screening questions answered yes (the others no)."""
    assert "contraindication" not in changes, "the intake asks questions: pass yes=[...]"
    data = {
        "submission_key": str(uuid.uuid4()),
        "client-first_name": "Łukasz",
        "client-last_name": "Öztürk & Söhne <GmbH>",
        "client-preferred_language": "de",
        "client-date_of_birth": "1980-04-01",
        "region": ["lower-back", "hip-buttock"],
        "intensity-lower-back": "7",
        "intensity-hip-buttock": "4",
        "overall_pain": "6",
        "duration_months": "18",
        "factor": ["prolonged-sitting"],
        **answer_fields(["lower-back", "hip-buttock"], yes),
        "notes": "Schmerz beim Aufstehen",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
class TestIntakePage:
    def test_page_has_map_regions_levels_and_consent(self, therapist_client):
        html = therapist_client.get(URL).text
        assert html.count('class="tf-bodymap"') == 2
        assert 'name="intensity-leg-knee"' in html
        # Screening questions, each with yes and no; the general group shows before any region.
        assert 'name="answer-saddle-numbness" value="yes"' in html
        assert 'name="answer-saddle-numbness" value="no"' in html
        assert 'data-area="lower-back" hidden' in html and 'data-area="" >' not in html
        assert "Für alle Klientinnen und Klienten" in html and "Keine davon" in html
        assert 'name="consent"' in html and "Einwilligungstext Version 2026-11" in html
        assert 'name="submission_key"' in html

    def test_saves_client_intake_links_and_plan_at_once(self, therapist_client, therapist):
        response = therapist_client.post(URL, intake_post())
        plan = TreatmentPlan.objects.get()
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        client = Client.objects.get()
        assert client.last_name == "Öztürk & Söhne <GmbH>" and client.therapist == therapist
        intake = Intake.objects.get()
        assert intake.recorded_by == therapist and intake.consent_recorded_by == therapist
        assert intake.consent_version == "2026-11" and intake.consent_at is not None
        assert {(r.region.slug, r.intensity) for r in intake.regions.all()} == {
            ("lower-back", 7),
            ("hip-buttock", 4),
        }
        assert [c.slug for c in intake.contraindications.all()] == ["blood-thinners"]
        assert [f.slug for f in intake.perpetuating_factors.all()] == ["prolonged-sitting"]
        assert plan.status == "proposed" and 8 <= plan.cycle_length <= 12
        assert plan.sessions.filter(kind="cycle").count() == plan.cycle_length
        assert plan.sessions.filter(kind="maintenance").count() == 3
        assert plan.focus.count() == 5

    def test_double_submit_creates_one_intake(self, therapist_client):
        data = intake_post()
        first = therapist_client.post(URL, data)
        second = therapist_client.post(URL, data, follow=True)
        assert Intake.objects.count() == 1 and Client.objects.count() == 1
        assert first["Location"] == second.redirect_chain[0][0]
        assert "bereits gespeichert" in second.text

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"intensity-lower-back": "11"}, "kleiner oder gleich 10"),
            ({"intensity-lower-back": ""}, "Geben Sie die Intensität von 1 bis 10 an."),
            ({"intensity-lower-back": "0"}, "mindestens 1"),
            ({"duration_months": "-3"}, "größer oder gleich 0"),
            ({"duration_months": "99999"}, "kleiner oder gleich 600"),
            ({"duration_months": "viele"}, "ganze Zahl"),
            ({"client-date_of_birth": "2999-01-01"}, "liegt in der Zukunft"),
            ({"region": ["lower-back", "ellbogen"]}, "Unbekannte Region „ellbogen“."),
            ({"answer-blood-thinners": "vielleicht"}, "vielleicht ist keine gültige Auswahl"),
            ({"answer-saddle-numbness": None}, "Screening: 1 Frage ist noch nicht beantwortet."),
            ({"start": "2020-01-01"}, "Der Beginn liegt in der Vergangenheit"),
            ({"consent": None}, "Ohne Einwilligung"),
            ({"region": None}, "Wählen Sie mindestens eine schmerzende Region."),
            ({"client-last_name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ],
    )
    def test_bad_input_is_a_message_and_nothing_is_lost(self, therapist_client, changes, message):
        response = therapist_client.post(URL, intake_post(**changes))
        assert response.status_code == 200
        assert message in response.text
        assert not Intake.objects.exists() and not Client.objects.exists()
        html = response.text
        assert 'value="Łukasz"' in html and "Schmerz beim Aufstehen" in html
        assert 'name="answer-pregnancy" value="no" id="id_answer-pregnancy_1" checked' in html

    def test_error_messages_in_english(self, therapist_client):
        response = therapist_client.post("/en/intake/", intake_post(**{"intensity-lower-back": "11"}))
        assert "less than or equal to 10" in response.text

    def test_intake_for_an_existing_client(self, therapist_client, therapist):
        client = make_client(therapist)
        response = therapist_client.post(
            reverse("triggerfinder:intake-for-client", args=[client.pk]),
            intake_post(**{"client-first_name": None}),
        )
        assert response.status_code == 302
        assert Intake.objects.get().client == client and Client.objects.count() == 1

    def test_another_therapists_client_is_404(self, therapist_client, other_therapist):
        foreign = make_client(other_therapist)
        url = reverse("triggerfinder:intake-for-client", args=[foreign.pk])
        assert therapist_client.get(url).status_code == 404
        assert therapist_client.post(url, intake_post()).status_code == 404
        assert not Intake.objects.exists()


@pytest.mark.django_db
class TestPreview:
    def test_preview_shows_verdict_focus_and_dates_and_saves_nothing(self, therapist_client):
        response = therapist_client.post(
            reverse("triggerfinder:intake-preview"),
            intake_post(yes=["numbness", "blood-thinners"]),
            headers={"HX-Request": "true"},
        )
        html = response.text
        assert response.status_code == 200 and "<html" not in html
        assert 'data-level="refer"' in html and "Taubheitsgefühl" in html
        assert "Blutverdünner" in html
        assert "Behandlungsschwerpunkt" in html and "Strahlt aus in:" in html
        assert "Chronisch:" in html
        assert not Intake.objects.exists() and not Client.objects.exists()

    def test_preview_with_incomplete_input_explains(self, therapist_client):
        response = therapist_client.post(reverse("triggerfinder:intake-preview"), {"region": ["neck"]})
        assert response.status_code == 200
        assert "Kreuzen Sie schmerzende Regionen an" in response.text

    def test_preview_needs_login(self, client):
        assert client.post(reverse("triggerfinder:intake-preview"), {}).status_code == 302


@pytest.mark.django_db
class TestAtomicity:
    def test_a_failing_intake_leaves_no_client(self, therapist):
        data = intakes.IntakeInput(
            regions={"neck": 5},
            overall_pain=42,  # invalid: the intake's validation fails after the client was built
            duration_months=3,
            factors=[],
            answers=answered({"neck": 5}, []),
            notes="",
            start=None,
            submission_key=uuid.uuid4(),
        )
        with pytest.raises(ValidationError):
            intakes.intake_create(
                user=therapist,
                data=data,
                today=timezone.localdate(),
                client_fields={"first_name": "A", "last_name": "B"},
            )
        assert (
            not Client.objects.exists() and not Intake.objects.exists() and not IntakeRegion.objects.exists()
        )
        assert not TreatmentPlan.objects.exists() and not PlannedSession.objects.exists()


@pytest.mark.django_db
def test_history_records_who_created_the_intake(therapist_client, therapist):
    therapist_client.post(URL, intake_post())
    intake = Intake.objects.get()
    assert intake.history.get().history_user == therapist
    assert Client.objects.get().history.get().history_user == therapist
    assert TreatmentPlan.objects.get().history.get().history_user == therapist


@pytest.mark.django_db
def test_client_page_shows_intakes_plans_and_next_appointment(therapist_client, therapist):
    therapist_client.post(URL, intake_post(start=(date.today() + timedelta(days=3)).isoformat()))
    plan = TreatmentPlan.objects.get()
    plans.plan_accept(plan=plan, user=therapist)
    client = Client.objects.get()
    html = therapist_client.get(client.get_absolute_url()).text
    assert "Unterer Rücken" in html and "angenommen" in html
    listing = therapist_client.get(reverse("triggerfinder:client-list")).text
    first = plan.sessions.order_by("date").first().date
    assert first.strftime("%d.%m.%Y") in listing


@pytest.mark.django_db
class TestScreeningAnswers:
    def test_the_record_keeps_what_was_asked_the_answers_and_who_asked(self, therapist_client, therapist):
        data = intake_post(yes=["blood-thinners"])
        therapist_client.post(URL, data)
        intake = Intake.objects.get()
        answers = {
            a.contraindication.slug: a.answer
            for a in intake.screening_answers.select_related("contraindication")
        }
        posted = {
            key.removeprefix("answer-"): value == "yes"
            for key, value in data.items()
            if key.startswith("answer-")
        }
        assert answers == posted and answers["blood-thinners"] is True
        assert intake.recorded_by == therapist  # who asked
        # A low-back client is not asked the neck's questions, and the general ones always.
        assert "neck-vascular-risk" not in answers and "brainstem-signs" not in answers
        assert answers["fever"] is False and answers["saddle-numbness"] is False
        assert [f.contraindication.slug for f in intake.findings.all()] == ["blood-thinners"]
        page = therapist_client.get(TreatmentPlan.objects.get().get_absolute_url()).text
        assert f"Screening: {len(answers)} Fragen gestellt von" in page
        assert page.count('data-answer="yes"') == 1 and page.count('data-answer="no"') == len(answers) - 1
        assert 'id="tf-screening-open"' not in page

    def test_an_open_question_saves_nothing_and_keeps_every_answer(self, therapist_client):
        data = intake_post(yes=["blood-thinners"], **{"answer-fever": None, "answer-numbness": None})
        response = therapist_client.post(URL, data)
        html = response.text
        assert response.status_code == 200 and not Intake.objects.exists()
        assert "Screening: 2 Fragen sind noch nicht beantwortet." in html
        assert html.count("Beantworten Sie mit Ja oder Nein.") == 2
        assert 'name="answer-blood-thinners" value="yes" id="id_answer-blood-thinners_0" checked' in html
        assert "2 Screening-Fragen sind noch nicht beantwortet." in html  # the preview beside it

    def test_the_questions_follow_the_regions_chosen(self, therapist_client):
        data = intake_post(region=["neck"], **{"intensity-neck": "5", "intensity-lower-back": None})
        data = {k: v for k, v in data.items() if not k.startswith("answer-")} | answer_fields(["neck"])
        assert "answer-neck-vascular-risk" in data and "answer-saddle-numbness" not in data
        response = therapist_client.post(URL, data)
        assert response.status_code == 302
        data.pop("answer-neck-vascular-risk")
        html = therapist_client.post(URL, {**data, "submission_key": str(uuid.uuid4())}).text
        assert "Screening: 1 Frage ist noch nicht beantwortet." in html
        assert 'data-area="neck" >' in html or 'data-area="neck">' in html

    def test_a_yes_is_kept_when_its_area_is_no_longer_chosen(self, therapist_client):
        therapist_client.post(URL, intake_post(**{"answer-neck-vascular-risk": "yes"}))
        intake = Intake.objects.get()
        assert "neck-vascular-risk" in {c.slug for c in intake.contraindications.all()}

    def test_the_live_preview_counts_the_open_questions(self, therapist_client):
        data = {k: v for k, v in intake_post(yes=[]).items() if not k.startswith("answer-")}
        html = therapist_client.post(reverse("triggerfinder:intake-preview"), data).text
        total = len(answer_fields(["lower-back", "hip-buttock"]))
        assert f'data-open-questions="{total}"' in html
        assert 'data-level="clear"' in html  # what is answered so far still decides the verdict


@pytest.mark.django_db
class TestIntakesBeforeQuestions:
    def test_a_plan_from_ticked_boxes_alone_cannot_be_accepted(self, therapist_client):
        from triggerfinder.models import ScreeningAnswer

        therapist_client.post(URL, intake_post(yes=[]))
        plan = TreatmentPlan.objects.get()
        ScreeningAnswer.objects.all().delete()  # as recorded before issue 14: no answers kept
        page = therapist_client.get(plan.get_absolute_url()).text
        assert 'id="tf-screening-open"' in page and 'aria-describedby="tf-screening-open"' in page
        assert "nicht Frage für Frage" in page
        response = therapist_client.post(
            reverse("triggerfinder:plan-accept", args=[plan.pk]), {"version": plan.version}, follow=True
        )
        assert "Nicht jede Screening-Frage der Aufnahme wurde beantwortet" in response.text
        plan.refresh_from_db()
        assert plan.status == "proposed"
        with pytest.raises(plans.ScreeningOpenError):
            plans.plan_accept(plan=plan, user=plan.client.therapist)

        # A new intake, answered question by question, can be accepted.
        therapist_client.post(
            reverse("triggerfinder:intake-for-client", args=[plan.client.pk]), intake_post(yes=[])
        )
        newer = TreatmentPlan.objects.latest("pk")
        plans.plan_accept(plan=newer, user=plan.client.therapist)
        newer.refresh_from_db()
        assert newer.status == "accepted"
