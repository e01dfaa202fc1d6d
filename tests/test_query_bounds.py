"""Each page's query count stays the same however much data there is (issue 8's query bounds)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from triggerfinder.models import Client, TreatmentPlan


def queries(browser, url: str) -> int:
    browser.get(url)  # warm caches (knowledge snapshot, session)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


def seed(clients: int, intakes: int, sessions: int) -> None:
    call_command(
        "seed_demo",
        "--clients",
        str(clients),
        "--intakes",
        str(intakes),
        "--sessions",
        str(sessions),
        "--force",
        stdout=StringIO(),
    )


def busiest_client_with_findings() -> Client:
    """The client with the most sessions among those whose current screening has findings, so both
    measurements show the page with every section filled (an empty screening needs fewer queries,
    and a later seed may give the first client a newer intake without findings)."""
    from triggerfinder import decisions

    candidates = Client.objects.filter(sessions__isnull=False).annotate(n=Count("sessions"))
    for candidate in candidates.order_by("-n", "pk"):
        if decisions.client_screening(candidate)[1]:
            return candidate
    raise AssertionError("the demo data has no client with sessions and current findings")


def pages() -> dict[str, str]:
    busy = busiest_client_with_findings()
    plan = TreatmentPlan.objects.filter(status="accepted").first()
    session = busy.sessions.first()
    return {
        "client list": "/clients/",
        "client search": "/clients/?q=a",
        "client detail": busy.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "intake": "/intake/",
        "outcomes": "/outcomes/",
        "session correction": f"/sessions/{session.pk}/edit/",
        "client edit": f"/clients/{busy.pk}/edit/",
        "finder API": "/api/finder/?region=lower-back&region=neck",
        "home": "/",
    }


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    from django.contrib.auth import get_user_model

    seed(6, 3, 20)
    lead = get_user_model().objects.get(username="praxisleitung")
    client.force_login(lead)
    small = {name: queries(client, url) for name, url in pages().items()}

    seed(60, 30, 400)
    large = {name: queries(client, url) for name, url in pages().items()}
    assert large == small
    bounds = {
        # The list pages ask the safety gate for every client's badge: five queries a page.
        "client list": 15,
        "client search": 15,
        # The client page and the plan ask the gate from the database (findings, clearances, rules).
        # The page's own reads plus the gate's: findings with what they exclude, clearances, rules,
        # signs, and whether the intake's screening questions were answered.
        "client detail": 34,
        "plan": 30,
        "intake": 10,
        "outcomes": 15,
        # The SOAP notes and the client's contact data are reads: one access-log insert each.
        "session correction": 11,
        "client edit": 11,
        "finder API": 6,
        "home": 14,
    }
    over = {name: count for name, count in large.items() if count > bounds[name]}
    assert not over, f"over the bound: {over} (all: {large})"
