"""Deny by default: every URL pattern asks an anonymous visitor to log in, except the public ones."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

# Pages meant to be public, by URL name. (The admin's log-in sends to the app's: see clinic/otp.py.)
PUBLIC = {
    "login",
    "triggerfinder:finder",
    "triggerfinder:finder-embed",
    "triggerfinder:health",
}
# Public, answering 400 to a request without parameters.
PUBLIC_API = {"triggerfinder:finder-api"}
# Public, the secret is in the URL: 404 for an unknown one (the therapist's calendar feed, the
# clients' signed links in e-mails, the client's questionnaire before the first visit).
PUBLIC_SECRET = {
    "triggerfinder:calendar-feed",
    "triggerfinder:appointment-link",
    "triggerfinder:messages-withdraw",
    "triggerfinder:questionnaire",
}

SAMPLE_BY_CONVERTER = {
    "IntConverter": 1,
    "StringConverter": "x",
    "SlugConverter": "x",
    "PathConverter": "x",
    "DateConverter": "2026-03-02",
}
# Converters that name no record: a page with only these in its URL (the appointment book's
# days) shows the user's own data, so the walks over record ids leave it out.
# The calendar feed's secret names no record either: it opens the feed's therapist's own appointments
# (tests/test_calendar_exports.py checks its access log).
# A client's signed link names a record, but by a signature, not an id another therapist could
# try (tests/test_client_links.py checks them).
NOT_A_RECORD = {"DateConverter", "FeedTokenConverter", "LinkTokenConverter"}


def names_a_record(converters: dict) -> bool:
    """Whether the URL carries the id of a record (not only a date)."""
    return any(type(conv).__name__ not in NOT_A_RECORD for conv in converters.values())


def named_patterns(resolver: URLResolver, namespace: str = "", converters=None):
    """Yield (full URL name, {kwarg: converter}) for every named pattern below ``resolver``."""
    for entry in resolver.url_patterns:
        found = dict(converters or {})
        if isinstance(entry.pattern, RoutePattern):
            found.update(entry.pattern.converters)
        else:
            found.update({name: None for name in entry.pattern.regex.groupindex})
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


def sample_url(name: str, converters: dict) -> str:
    kwargs = {
        key: SAMPLE_BY_CONVERTER.get(type(conv).__name__, "x") if conv else "1"
        for key, conv in converters.items()
    }
    if name == "admin:app_list":
        kwargs["app_label"] = "auth"
    if kwargs:
        return reverse(name, kwargs=kwargs)
    for count in range(4):  # regex patterns with unnamed groups take positional arguments
        try:
            return reverse(name, args=["1"] * count)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


ALL_PATTERNS = sorted(named_patterns(get_resolver()))


def test_the_walk_covers_the_apps_pages():
    names = {name for name, _ in ALL_PATTERNS}
    assert {"triggerfinder:home", "triggerfinder:client-list", "triggerfinder:client-detail"} <= names
    assert len(ALL_PATTERNS) > 20


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "converters"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
@pytest.mark.parametrize("language", ["de", "en"])
def test_anonymous_visitor_is_sent_to_log_in(client, name, converters, language):
    from django.utils import translation

    with translation.override(language):
        url = sample_url(name, converters)
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code == 200, url
        return
    if name in PUBLIC_API:
        assert response.status_code == 400, url
        return
    if name in PUBLIC_SECRET:
        assert response.status_code == 404, url
        return
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    target = urlsplit(response["Location"]).path
    assert target.rstrip("/").endswith("login"), f"{url} redirects to {target}"


@pytest.mark.django_db
def test_post_without_login_changes_nothing(client):
    response = client.post(reverse("triggerfinder:client-create"), {"first_name": "X", "last_name": "Y"})
    assert response.status_code == 302
    from triggerfinder.models import Client

    assert not Client.objects.exists()


@pytest.mark.django_db
def test_health_reports_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"] and not response.cookies
