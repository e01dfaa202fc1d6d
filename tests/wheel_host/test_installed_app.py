"""The installed wheel in a new project: what an integrator does after ``pip install``."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
import sysconfig
import uuid
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

import triggerfinder

HOST = Path(__file__).resolve().parent
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"]).resolve()


def test_the_app_is_the_installed_wheel_in_a_virtual_environment():
    assert sys.prefix != sys.base_prefix, "not in a virtual environment"
    assert Path(triggerfinder.__file__).resolve().is_relative_to(SITE_PACKAGES), triggerfinder.__file__
    assert importlib.metadata.version("triggerfinder") == triggerfinder.__version__
    # Only the declared dependencies: neither the host project nor the optional integrations.
    for module in ["clinic", "axes", "django_otp", "csp", "whitenoise"]:
        assert importlib.util.find_spec(module) is None, module


def test_migrate_load_knowledge_and_check_as_the_readme_says(installed_project):
    assert "Applying triggerfinder.0001_initial... OK" in installed_project["migrate"]
    assert re.search(r"Knowledge base: [1-9]\d* created", installed_project["load_knowledge"])
    output = installed_project["check"]
    assert "System check identified no issues (0 silenced)." in output, output


def test_the_finder_shows_muscles_for_a_region_in_german_and_english(client, db):
    german = client.get("/finder/", {"region": ["lower-back", "hip-buttock"]})
    assert german.status_code == 200
    html = german.text
    assert '<html lang="de">' in html
    assert "quadratus lumborum" in html.lower()
    assert "Strahlt aus in: " in html and "Selbstbehandlung" in html

    # The language switcher's English link, as a visitor follows it.
    link = re.search(r'<a class="nav-link" href="([^"]+)" hreflang="en"', html)
    assert link, "no link to the English page"
    english = client.get(unescape(link[1]))
    assert english.status_code == 200, link[1]
    assert '<html lang="en">' in english.text
    assert "Refers pain to: " in english.text and "Self-treatment" in english.text


def test_every_static_file_a_page_names_is_found_by_the_finders(client, therapist_client):
    names = set()
    for page in [client.get("/finder/"), therapist_client.get("/intake/")]:
        assert page.status_code == 200
        names |= set(re.findall(r'(?:src|href)="/static/([^"?#]+)"', page.text))
    assert {"triggerfinder/css/triggerfinder.css", "bootstrap/css/bootstrap.min.css"} <= names
    for name in sorted(names):
        found = finders.find(name)
        assert found, name
        assert Path(found).resolve().is_relative_to(SITE_PACKAGES), found


def answers_for(regions: list[str]) -> dict[str, str]:
    """Every screening question the intake shows for ``regions`` answered no, through the app's API."""
    from triggerfinder.core.screening import all_answered, questions_for
    from triggerfinder.selectors.knowledge import knowledge_snapshot

    answers = all_answered(questions_for(knowledge_snapshot(), regions), yes=())
    assert answers, "no screening questions"
    return {f"answer-{slug}": "yes" if present else "no" for slug, present in answers.items()}


@pytest.mark.django_db
def test_a_therapist_records_an_intake_and_downloads_the_handout(therapist_client):
    for url in ["/", "/clients/", "/clients/new/", "/intake/", "/outcomes/"]:
        assert therapist_client.get(url).status_code == 200, url
    created = therapist_client.post(
        "/clients/new/", {"first_name": "Erika", "last_name": "Mustermann", "preferred_language": "de"}
    )
    assert created.status_code == 302 and therapist_client.get(created["Location"]).status_code == 200

    regions = ["lower-back", "hip-buttock"]
    response = therapist_client.post(
        "/intake/",
        {
            "submission_key": str(uuid.uuid4()),
            "client-first_name": "Łukasz",
            "client-last_name": "Öztürk",
            "client-preferred_language": "de",
            "client-date_of_birth": "1980-04-01",
            "region": regions,
            "intensity-lower-back": "7",
            "intensity-hip-buttock": "4",
            "overall_pain": "6",
            "duration_months": "18",
            **answers_for(regions),
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    plan_page = therapist_client.get(response["Location"])
    assert plan_page.status_code == 200

    from triggerfinder.models import Client

    client = Client.objects.get(last_name="Öztürk")
    detail = therapist_client.get(client.get_absolute_url())
    assert detail.status_code == 200 and "Öztürk" in detail.text

    handout = therapist_client.get(f"/clients/{client.pk}/handout.pdf")
    assert handout.status_code == 200
    assert handout["Content-Type"] == "application/pdf"
    assert handout.content.startswith(b"%PDF")
    english = therapist_client.get(f"/clients/{client.pk}/handout.pdf", {"lang": "en"})
    assert english.status_code == 200 and english.content.startswith(b"%PDF")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/clients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_admin_lists_the_knowledge_base(admin_client):
    for url in ["/admin/", "/admin/triggerfinder/muscle/", "/admin/triggerfinder/client/"]:
        assert admin_client.get(url).status_code == 200, url
    response = admin_client.get("/admin/triggerfinder/muscle/", {"q": "quadratus"})
    assert "Quadratus lumborum" in response.text or "quadratus lumborum" in response.text.lower()


def test_the_messages_work_without_a_task_backend_of_the_hosts_own(
    therapist_client, settings, django_capture_on_commit_callbacks
):
    """No TASKS setting: the task framework's default backend cannot wait, so a booking schedules
    its messages and `requeue_messages` (from a timer) sends each once it is due."""
    import datetime

    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from triggerfinder.models import Client, OutgoingMessage, WorkingHours
    from triggerfinder.services import appointments
    from triggerfinder.services.consent import message_consent_record

    settings.TRIGGERFINDER_HOLIDAYS = None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="lena")
    for weekday in range(7):
        WorkingHours.objects.create(
            therapist=user, weekday=weekday, start=datetime.time(8), end=datetime.time(18)
        )
    client = Client.objects.create(
        first_name="Erika", last_name="Host", email="erika@example.org", therapist=user
    )
    client = message_consent_record(client=client, by=user)
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=3),
        datetime.time(10),
        tzinfo=timezone.get_default_timezone(),
    )
    appointments.appointment_book(therapist=user, client=client, start=start, duration_minutes=60)
    assert mail.outbox == []
    OutgoingMessage.objects.filter(kind="notice").update(due_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # as when its transaction commits
        call_command("requeue_messages", verbosity=0)
    (sent,) = mail.outbox
    assert "erika@example.org" in sent.to and sent.alternatives
