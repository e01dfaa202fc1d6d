"""The public finder page: body map, checkbox fallback, results; logged out, no cookie."""

from __future__ import annotations

import pytest
from django.test import override_settings

from triggerfinder.models import BodyRegion


@pytest.mark.django_db
class TestFinderPage:
    def test_logged_out_with_map_and_checkboxes_and_no_cookie(self, client):
        response = client.get("/finder/")
        assert response.status_code == 200
        assert not response.cookies
        html = response.text
        assert html.count('class="tf-bodymap"') == 2
        assert 'data-region="lower-back"' in html
        assert 'name="region" value="lower-back"' in html
        assert 'name="region" value="leg-knee"' in html
        assert "Gehen Sie zuerst zur Ärztin oder zum Arzt" in html

    def test_results_with_reasons_and_self_treatment(self, client):
        response = client.get("/finder/", {"region": ["lower-back", "hip-buttock"]})
        html = response.text
        assert response.status_code == 200 and not response.cookies
        assert "Quadratus lumborum" in html or "quadratus lumborum" in html
        assert "Strahlt aus in: " in html
        assert "Selbstbehandlung" in html
        assert 'value="lower-back" id="tf-region-lower-back" checked' in html

    def test_english(self, client):
        html = client.get("/en/finder/", {"region": "neck"}).text
        assert "Refers pain to: " in html and "Self-treatment" in html

    def test_htmx_gets_only_the_results(self, client):
        response = client.get("/finder/", {"region": "neck"}, headers={"HX-Request": "true"})
        assert "<html" not in response.text
        assert "Strahlt aus in: " in response.text

    def test_unknown_region_is_a_message_and_the_form_stays(self, client):
        response = client.get("/finder/", {"region": ["neck", "ellbogen"]})
        assert response.status_code == 400
        assert "Unbekannte Region „ellbogen“." in response.text
        assert 'value="neck" id="tf-region-neck" checked' in response.text

    def test_admin_text_is_escaped(self, client):
        BodyRegion.objects.filter(slug="neck").update(name_de='Nacken <img src="https://evil.example/x">')
        html = client.get("/finder/").text
        assert "&lt;img" in html and '<img src="https://evil.example' not in html

    def test_not_framable_by_default(self, client):
        response = client.get("/finder/embed/")
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "navbar-brand" not in response.text

    @override_settings(TRIGGERFINDER_FINDER_FRAME_ORIGINS=["https://praxis.example.org"])
    def test_embeddable_only_by_configured_origins(self, client):
        response = client.get("/finder/embed/", {"region": "neck"})
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        assert "frame-ancestors https://praxis.example.org" in response["Content-Security-Policy"]
        assert client.get("/finder/")["X-Frame-Options"] == "DENY"

    def test_without_the_csp_middleware_the_origins_never_open_the_embed_to_every_site(
        self, client, settings
    ):
        settings.TRIGGERFINDER_FINDER_FRAME_ORIGINS = ["https://praxis.example.org"]
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
        response = client.get("/finder/embed/", {"region": "neck"})
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_chosen_region_lights_up_with_its_sub_regions(client):
    html = client.get("/finder/", {"region": "leg"}).text
    assert 'class="tf-region is-selected" data-region="leg-knee"' in html
    assert 'class="tf-region" data-region="lower-back"' in html


@pytest.mark.django_db
def test_a_neck_query_shows_the_neck_and_head_emergencies_and_what_to_clarify_first(client):
    page = client.get("/finder/", {"region": "neck"}).text
    visible = page.split("<details", 1)[0]
    assert "extrem starker Kopfschmerz" in visible and "Reithosen" not in visible
    assert "data-before-self-treatment" in page and "Blutverdünner" in page and "Schwangerschaft" in page
