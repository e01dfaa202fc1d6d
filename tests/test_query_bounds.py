"""Each page's query count stays the same however much data there is (issue 8's query bounds)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from triggerfinder.models import Client, TreatmentPlan


def queries(http_client, url: str) -> int:
    http_client.get(url)  # warm caches (knowledge snapshot, session)
    with CaptureQueriesContext(connection) as captured:
        response = http_client.get(url)
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


def with_every_section(busy: Client) -> Client:
    """``busy`` given a caution finding, a red flag and a clearance of it, so both measurements
    show its pages with every section filled: an empty section needs fewer queries (Django skips
    the prefetch of nothing), and which client has what in the seeds follows the ids."""
    from django.contrib.auth import get_user_model

    from triggerfinder.models import Contraindication
    from triggerfinder.services import findings

    lead = get_user_model().objects.get(username="praxisleitung")
    for slug in ("blood-thinners", "numbness"):
        found = Contraindication.objects.get(slug=slug)
        flag = findings.finding_record(client=busy, contraindication=found, user=lead)
    findings.clearance_record(
        client=busy, user=lead, cleared_on=timezone.localdate(), note="Dr. A: frei", findings=[flag.pk]
    )
    return busy


def pages() -> dict[str, str]:
    busy = with_every_section(
        Client.objects.annotate(n=Count("sessions")).filter(n__gt=0).order_by("-n", "pk").first()
    )
    plan = TreatmentPlan.objects.filter(status="accepted").order_by("pk").first()
    if plan.client_id != busy.pk:
        with_every_section(plan.client)
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
    # django-otp's OTPMiddleware loads a verified session's device once per request (checklist A4).
    bounds = {
        # The list pages ask the safety gate for every client's badge: five queries a page.
        "client list": 16,
        "client search": 16,
        # The client page and the plan ask the gate from the database (findings, clearances, rules).
        # The page's own reads plus the gate's: findings with what they exclude, clearances with
        # what they cover, rules, signs, and whether the intake's questions were answered; and the
        # state of the questionnaire before the first visit (one query); who recorded the consent
        # to e-mail messages (one query, the demo clients agreed).
        "client detail": 38,
        # The plan page also reads the appointment book once (book_data: six queries) and the
        # sessions with their appointments, for each session's appointment or free slot.
        "plan": 41,
        "intake": 11,
        "outcomes": 16,
        # The SOAP notes and the client's contact data are reads: one access-log insert each.
        "session correction": 12,
        "client edit": 12,
        "finder API": 7,
        # The practice lead's home page also counts the messages that failed (one query).
        "home": 16,
    }
    over = {name: count for name, count in large.items() if count > bounds[name]}
    assert not over, f"over the bound: {over} (all: {large})"
