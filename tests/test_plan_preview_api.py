"""GET /api/plan-preview/: verdict, focus and dates as JSON; 400s that name the parameter."""

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
        response = therapist_client.get(
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
        response = therapist_client.get(API, {**params, "lang": "en"})
        assert response.status_code == 400
        assert parameter in response.json()["error"]

    def test_needs_login(self, client):
        assert client.get(API, {"region": "neck", "duration_months": 3}).status_code == 302
