"""The intake page through the test client: one page, one atomic save, nothing lost on errors."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_client
from triggerfinder import services
from triggerfinder.models import Client, Intake, IntakeRegion, PlannedSession, TreatmentPlan

URL = "/intake/"


def intake_post(**changes) -> dict:
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
        "contraindication": ["blood-thinners"],
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
        assert "Notfall: abbrechen, noch heute in die Notfallversorgung" in html
        assert "Vorsicht: Behandlung anpassen" in html
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
            (
                {"contraindication": ["blood-thinners", "liebeskummer"]},
                "Unbekannte Kontraindikation „liebeskummer“.",
            ),
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
        assert 'value="blood-thinners" id="tf-ci-blood-thinners" checked' in html

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
            intake_post(contraindication=["numbness", "blood-thinners"]),
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
        data = services.IntakeInput(
            regions={"neck": 5},
            overall_pain=42,  # invalid: the intake's validation fails after the client was built
            duration_months=3,
            factors=[],
            contraindications=[],
            notes="",
            start=None,
            submission_key=uuid.uuid4(),
        )
        with pytest.raises(ValidationError):
            services.intake_create(
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
    services.plan_accept(plan=plan, user=therapist)
    client = Client.objects.get()
    html = therapist_client.get(client.get_absolute_url()).text
    assert "Unterer Rücken" in html and "angenommen" in html
    listing = therapist_client.get(reverse("triggerfinder:client-list")).text
    first = plan.sessions.order_by("date").first().date
    assert first.strftime("%d.%m.%Y") in listing
