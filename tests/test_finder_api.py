"""GET /api/finder/: ranked muscles as JSON; a clear 400 for anything else; no queries when warm."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triggerfinder.models import Muscle

API = "/api/finder/"


@pytest.mark.django_db
class TestAnswers:
    def test_ranked_muscles_in_english(self, client):
        response = client.get(API, {"region": ["lower-back", "hip-buttock"], "lang": "en"})
        assert response.status_code == 200
        data = response.json()
        assert data["language"] == "en"
        assert [r["slug"] for r in data["regions"]] == ["lower-back", "hip-buttock"]
        top = data["muscles"][0]
        assert {
            "slug",
            "name",
            "names",
            "latin_name",
            "score",
            "explains",
            "reason",
            "self_treatment",
            "stretches",
        } <= set(top)
        assert top["rank"] == 1 and top["explains"] and top["stretches"]
        assert {e["chosen"] for e in top["explains"]} == {"lower-back", "hip-buttock"}
        assert top["reason"].startswith("Refers pain to: ")
        assert top["self_treatment"]["hold_seconds"]["min"] >= 10
        slugs = [m["slug"] for m in data["muscles"]]
        assert "quadratus-lumborum" in slugs[:5]
        scores = [(len(m["explains"]), m["score"]) for m in data["muscles"]]
        assert scores == sorted(scores, reverse=True)

    def test_german_by_default_and_warning_signs_always(self, client):
        data = client.get(API, {"region": "neck"}).json()
        assert data["language"] == "de"
        assert data["muscles"][0]["reason"].startswith("Strahlt aus in: ")
        levels = {sign["level"] for sign in data["warning_signs"]}
        assert levels == {"emergency", "refer"}
        assert {"numbness", "saddle-numbness"} <= {s["slug"] for s in data["warning_signs"]}
        key = [sign["slug"] for sign in data["warning_signs"] if sign["key"]]
        # A neck query shows the neck and head emergencies without opening anything (facts §5.7).
        assert {"thunderclap-headache", "suspected-arterial-dissection", "brainstem-signs"} <= set(key)
        assert "saddle-numbness" not in key
        assert [sign["key"] for sign in data["warning_signs"]][: len(key)] == [True] * len(key)
        back = client.get(API, {"region": "lower-back"}).json()
        back_key = {sign["slug"] for sign in back["warning_signs"] if sign["key"]}
        assert {"saddle-numbness", "bladder-bowel-dysfunction", "numbness", "leg-weakness"} <= back_key
        assert "thunderclap-headache" not in back_key

    def test_every_answer_lists_what_to_clarify_before_self_treatment(self, client):
        data = client.get(API, {"region": "shoulders"}).json()
        assert [item["slug"] for item in data["before_self_treatment"]] == [
            "blood-thinners",
            "pregnancy",
            "osteoporosis",
            "acute-injury",
            "inflammation",
            "open-wound",
            "fever",
        ]

    def test_english_url_prefix_answers_in_english(self, client):
        assert client.get("/en" + API, {"region": "neck"}).json()["language"] == "en"

    def test_sub_region(self, client):
        data = client.get(API, {"region": "leg-lateral-thigh"}).json()
        assert "tensor-fasciae-latae" in [m["slug"] for m in data["muscles"]]

    def test_user_text_is_returned_as_data_not_markup(self, client):
        Muscle.objects.filter(slug="quadratus-lumborum").update(name_en="QL <b>&</b>")
        data = client.get(API, {"region": "lower-back", "lang": "en"}).json()
        assert "QL <b>&</b>" in [m["name"] for m in data["muscles"]]


@pytest.mark.django_db
class TestBadRequests:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({}, "Choose at least one region"),
            ({"region": ""}, "Choose at least one region"),
            ({"region": "elbow"}, "Unknown region “elbow”"),
            ({"region": ["lower-back", "moon"]}, "Unknown region “moon”"),
            ({"region": "lower-back", "lang": "fr"}, "Unbekannte Sprache „fr“; verwenden Sie de oder en."),
            ({"region": "lower-back", "sort": "x"}, "Unknown parameter(s): sort"),
            ({"region": ["neck"] * 13}, "Choose at most 12 regions"),
            ({"region": "x" * 100_000}, "Unknown region “" + "x" * 60 + "”"),
            ({"region": "lower-back\x00<script>"}, "Unknown region"),
        ],
    )
    def test_400_names_the_problem(self, client, params, message):
        response = client.get(API, {"lang": "en", **params} if "lang" not in params else params)
        assert response.status_code == 400
        assert message in response.json()["error"]

    def test_errors_in_german_without_lang(self, client):
        response = client.get(API, {"region": "ellbogen"})
        assert response.json()["error"] == "Unbekannte Region „ellbogen“."

    def test_only_get(self, client):
        assert client.post(API, {"region": "neck"}).status_code == 405

    def test_thousands_of_parameters(self, client):
        query = "&".join(f"p{i}=1" for i in range(2000))
        assert client.get(f"{API}?{query}").status_code == 400


@pytest.mark.django_db
class TestCache:
    def test_one_query_once_warm(self, client, django_assert_num_queries):
        """The knowledge base's version, read from the database so every process agrees."""
        client.get(API, {"region": "neck"})
        with django_assert_num_queries(1):
            response = client.get(API, {"region": ["lower-back", "leg"], "lang": "en"})
        assert response.status_code == 200

    def test_an_admin_edit_shows_at_once(self, client):
        client.get(API, {"region": "lower-back"})
        muscle = Muscle.objects.get(slug="quadratus-lumborum")
        muscle.name_en = "Renamed by the practice"
        muscle.save()
        data = client.get(API, {"region": "lower-back", "lang": "en"}).json()
        assert "Renamed by the practice" in [m["name"] for m in data["muscles"]]

    def test_a_remembered_answer_is_the_same_and_never_outlives_an_edit(self, client):
        query = {"region": ["lower-back", "hip-buttock"], "lang": "en"}
        first = client.get(API, query)
        assert client.get(API, query).content == first.content
        assert client.get(API, query)["Content-Type"] == "application/json"
        assert client.get(API, {"region": "neck"}).json()["language"] == "de"
        assert client.get("/en" + API, {"region": "neck"}).json()["language"] == "en"
        muscle = Muscle.objects.get(slug="quadratus-lumborum")
        muscle.name_en = "Renamed by the practice"
        muscle.save()
        assert "Renamed by the practice" in [m["name"] for m in client.get(API, query).json()["muscles"]]

    def test_removing_a_referral_shows_at_once(self, client):
        first = client.get(API, {"region": "lower-back"}).json()["muscles"][0]["slug"]
        Muscle.objects.get(slug=first).referrals.get(region__slug="lower-back").delete()
        again = client.get(API, {"region": "lower-back"}).json()
        assert first not in [m["slug"] for m in again["muscles"]]


@pytest.mark.django_db
def test_api_is_public_and_sets_no_cookie(client):
    response = client.get(reverse("triggerfinder:finder-api"), {"region": "neck"})
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
class TestRateLimit:
    """The public finder answers each address a limited number of times, then 429."""

    def test_beyond_the_rate_the_api_answers_429_in_the_asked_language(self, client, settings):
        settings.TRIGGERFINDER_FINDER_RATE_LIMIT = "3/m"
        query = {"region": "neck", "lang": "en"}
        assert [client.get(API, query).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(API, query)
        assert refused.status_code == 429 and refused["Retry-After"] == "60"
        assert refused.json()["error"] == "Too many requests from your address. Please wait a minute."
        german = client.get(API, {"region": "neck"}).json()["error"]
        assert german.startswith("Zu viele Anfragen")
        # Counted per address: another one still gets its answers.
        assert client.get(API, query, REMOTE_ADDR="192.0.2.44").status_code == 200

    def test_the_finder_pages_share_the_limit(self, client, settings):
        settings.TRIGGERFINDER_FINDER_RATE_LIMIT = "2/m"
        assert client.get(API, {"region": "neck"}).status_code == 200
        assert client.get("/finder/").status_code == 200
        assert client.get("/finder/embed/").status_code == 429
        assert client.get("/finder/", {"region": "neck"}).status_code == 429

    def test_an_empty_rate_turns_the_limit_off(self, client, settings):
        settings.TRIGGERFINDER_FINDER_RATE_LIMIT = ""
        assert {client.get(API, {"region": "neck"}).status_code for _ in range(70)} == {200}

    def test_the_default_is_sixty_a_minute(self):
        from triggerfinder.conf import conf

        assert conf.FINDER_RATE_LIMIT == "60/m"
