"""POST /api/plan-preview/: verdict, focus and dates as JSON; 400s that name the parameter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

API = "/api/plan-preview/"


def tomorrow_or_later(days: int = 10) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.mark.django_db
class TestPlanPreviewApi:
    def test_answer(self, therapist_client):
        start = tomorrow_or_later()
        response = therapist_client.post(
            API,
            {
                "region": ["lower-back:8", "hip-buttock"],
                "duration_months": 18,
                "contraindication": "fever",
                "start": start,
                "lang": "en",
            },
        )
        assert response.status_code == 200
        data = response.json()
        assert data["verdict"]["level"] == "postpone"
        assert data["verdict"]["reasons"][0]["slug"] == "fever"
        assert data["chronic"] is True and 8 <= data["cycle_length"] <= 12
        assert len(data["cycle_dates"]) == data["cycle_length"] and len(data["maintenance_dates"]) == 3
        assert data["cycle_dates"][0] >= start
        assert data["focus"][0]["reason"].startswith("Refers pain to: ")
        assert all(
            date.fromisoformat(d).weekday() != 6 for d in data["cycle_dates"] + data["maintenance_dates"]
        )

    @pytest.mark.parametrize(
        ("found", "dates", "blocked"),
        [
            ("saddle-numbness", "none", True),
            ("numbness", "after-clearance", True),
            ("recent-surgery", "planned", False),
            ("blood-thinners", "planned", False),
        ],
    )
    def test_the_gate_decides_which_dates_it_shows(self, therapist_client, found, dates, blocked):
        data = therapist_client.post(
            API, {"region": "lower-back:6", "duration_months": 18, "contraindication": found}
        ).json()
        assert data["dates"] == dates and data["verdict"]["blocked"] is blocked
        if dates == "none":
            assert data["sessions"] == [] and data["cycle_dates"] == [] and data["maintenance_dates"] == []
        else:
            assert len(data["cycle_dates"]) == data["cycle_length"]
        if found == "recent-surgery":
            assert data["cycle_dates"][0] >= (date.today() + timedelta(days=42)).isoformat()

    def test_the_live_preview_shows_no_dates_for_an_emergency(self, therapist_client):
        from tests.test_intake import intake_post

        page = therapist_client.post("/intake/preview/", intake_post(yes=["saddle-numbness"])).text
        assert 'data-dates="none"' in page and "Keine Behandlungstermine" in page
        refer = therapist_client.post("/intake/preview/", intake_post(yes=["numbness"])).text
        assert 'data-dates="after-clearance"' in refer and "Erst nach ärztlicher Freigabe:" in refer

    @pytest.mark.parametrize(
        ("params", "parameter"),
        [
            ({"duration_months": 3}, "region"),
            ({"region": "lower-back", "duration_months": -1}, "duration_months"),
            ({"region": "lower-back"}, "duration_months"),
            ({"region": "lower-back:11", "duration_months": 3}, "region"),
            ({"region": "ellbow", "duration_months": 3}, "region"),
            ({"region": "neck", "duration_months": 3, "contraindication": "x"}, "contraindication"),
            ({"region": "neck", "duration_months": 3, "factor": "x"}, "factor"),
            ({"region": "neck", "duration_months": 3, "start": "2001-01-01"}, "start"),
            ({"region": "neck", "duration_months": 3, "start": "morgen"}, "start"),
            ({"region": "neck", "duration_months": 3, "colour": "red"}, "colour"),
        ],
    )
    def test_400_names_the_parameter(self, therapist_client, params, parameter):
        response = therapist_client.post(API, {**params, "lang": "en"})
        assert response.status_code == 400
        assert parameter in response.json()["error"]

    def test_needs_login(self, client):
        assert client.post(API, {"region": "neck", "duration_months": 3}).status_code == 302

    def test_get_is_refused_so_no_health_data_travels_in_a_query_string(self, therapist_client):
        response = therapist_client.get(API, {"region": "neck", "duration_months": 3})
        assert response.status_code == 405 and response["Allow"] == "POST"

    def test_needs_the_csrf_token_like_every_form(self, therapist):
        from tests.conftest import VerifiedClient

        http_client = VerifiedClient(enforce_csrf_checks=True)
        http_client.force_login(therapist)
        fields = {"region": "neck", "duration_months": 3}
        assert http_client.post(API, fields).status_code == 403
        http_client.get("/intake/")  # any page with a form sets the CSRF cookie
        token = http_client.cookies["csrftoken"].value
        answer = http_client.post(API, {**fields, "csrfmiddlewaretoken": token})
        assert answer.status_code == 200 and "cycle_dates" in answer.json()
        assert http_client.post(API, fields, headers={"X-CSRFToken": token}).status_code == 200
