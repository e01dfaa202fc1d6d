"""Error pages: in the user's language, without stack traces, with DEBUG off."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import override_settings
from django.urls import path


def explode(request: HttpRequest):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", explode)]


@pytest.mark.django_db
def test_404_in_both_languages(client):
    german = client.get("/gibt-es-nicht/")
    english = client.get("/en/does-not-exist/")
    assert german.status_code == english.status_code == 404
    assert "Seite nicht gefunden" in german.text
    assert "Page not found" in english.text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_shows_no_stack_trace(client, therapist):
    from django.contrib.auth.middleware import LoginRequiredMiddleware  # noqa: F401

    client.force_login(therapist)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Serverfehler" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_403_is_translated(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x" * 20))
    response = client.get("/en/clients/")
    assert response.status_code == 403
    assert "Access denied" in response.text


@pytest.mark.django_db
def test_csrf_failure_page_is_friendly(therapist):
    from tests.conftest import VerifiedClient as Client

    http_client = Client(enforce_csrf_checks=True)
    http_client.force_login(therapist)
    response = http_client.post("/clients/new/", {"first_name": "A"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in response.text


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy.replace("'self'", "")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_reference_no_other_host(therapist_client):
    import re

    for url in ["/", "/clients/", "/clients/new/", "/accounts/password/"]:
        html = therapist_client.get(url).text
        assert not re.search(r"""(src|href)=["'](https?:)?//""", html), url


@pytest.mark.django_db
def test_static_files_come_from_installed_packages(client):
    for url in [
        "/static/bootstrap/css/bootstrap.min.css",
        "/static/bootstrap/js/bootstrap.bundle.min.js",
        "/static/django_htmx/htmx-2.min.js",
        "/static/triggerfinder/css/triggerfinder.css",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
