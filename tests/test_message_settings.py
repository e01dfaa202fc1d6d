"""The practice lead's message settings page (issue 18): validated texts with safe placeholders, a
preview of every message in both languages, a new lead time moving the waiting reminders, and the
messages that could not be sent, with another attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import make_client
from tests.test_appointments_views import open_all_week
from tests.test_messages import EARLY, START, agree, booked
from triggerfinder.core import messaging
from triggerfinder.models import MessageSettings, OutgoingMessage
from triggerfinder.services.messaging import delivery

URL = reverse("triggerfinder:message-settings")


def form_data(**changes) -> dict[str, str]:
    data = {
        "sender_name": "Praxis Sonnenschein",
        "sender_email": "termine@praxis.example.org",
        "reply_to": "",
        "reminder_hours": "24",
        "notice_grace_minutes": "10",
        "late_cancellation_hours": "24",
        **{f"{kind}_text_{lang}": "" for kind in messaging.KINDS for lang in ("de", "en")},
        "action": "save",
    }
    data.update(changes)
    return data


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.mark.django_db
class TestSettingsPage:
    def test_a_therapist_may_not_open_it(self, client, therapist):
        client.force_login(therapist)
        assert client.get(URL).status_code == 403

    def test_the_lead_saves_the_settings(self, lead_client):
        text = "Wir freuen uns auf Sie, {first_name}: {date} um {time} bei {therapist}."
        response = lead_client.post(URL, form_data(reminder_text_de=text, reminder_hours="48"))
        assert response.status_code == 302
        saved = MessageSettings.objects.get(pk=1)
        assert saved.reminder_text_de == text and saved.reminder_hours == 48
        assert saved.history.count() == 1

    @pytest.mark.parametrize(
        "text", ["{first_name.__class__}", "{client}", "{0}", "{date:%Y}", "{time!r}", "Hallo {first_name"]
    )
    def test_a_text_with_an_unsafe_placeholder_is_refused_and_kept(self, lead_client, text):
        response = lead_client.post(URL, form_data(booked_text_en=text, sender_name="Kept <name>"))
        assert response.status_code == 200
        assert response.context["form"].errors["booked_text_en"]
        page = response.content.decode()
        assert "Kept &lt;name&gt;" in page and "Kept <name>" not in page
        assert not MessageSettings.objects.exists()

    def test_bounds_are_checked(self, lead_client):
        response = lead_client.post(URL, form_data(reminder_hours="0", notice_grace_minutes="500"))
        assert set(response.context["form"].errors) == {"reminder_hours", "notice_grace_minutes"}

    def test_the_preview_shows_every_message_in_both_languages_unsaved(self, lead_client):
        own = "Bis bald, {first_name} – {practice}"
        response = lead_client.post(URL, form_data(reminder_text_de=own, action="preview"))
        previews = response.context["previews"]
        assert len(previews) == len(messaging.KINDS) * 2
        assert {p["language"] for p in previews} == {"German", "English"} or {
            p["language"] for p in previews
        } == {"Deutsch", "Englisch"}
        german_reminder = previews[0]
        assert "Bis bald, Erika" in german_reminder["body"]
        assert not MessageSettings.objects.exists()

    def test_a_new_lead_time_moves_the_waiting_reminders(self, lead_client, therapist, settings):
        settings.TRIGGERFINDER_HOLIDAYS = None
        open_all_week(therapist)
        client = make_client(therapist, email="erika@example.org")
        agree(client, therapist)
        booked(therapist, client)
        lead_client.post(URL, form_data(reminder_hours="48"))
        (reminder,) = OutgoingMessage.objects.filter(kind="reminder")
        assert reminder.due_at == START - timedelta(hours=48)


@pytest.mark.django_db
def test_a_failed_message_shows_on_the_page_and_the_home_page_and_can_be_tried_again(
    lead_client, therapist, settings
):
    settings.TRIGGERFINDER_HOLIDAYS = None
    open_all_week(therapist)
    client = make_client(therapist, email="erika@example.org", last_name="Fehlschlag")
    agree(client, therapist)
    booked(therapist, client)
    notice = OutgoingMessage.objects.get(kind="notice")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nobody listens
    for _attempt in range(messaging.MAX_ATTEMPTS):
        notice.refresh_from_db()
        delivery.deliver(notice.pk, now=max(notice.due_at, EARLY))
    notice.refresh_from_db()
    assert notice.status == OutgoingMessage.Status.FAILED
    page = lead_client.get(URL).content.decode()
    assert "Fehlschlag" in page and 'data-status="failed"' in page
    home = lead_client.get(reverse("triggerfinder:home")).content.decode()
    assert 'data-testid="failed-messages"' in home
    response = lead_client.post(reverse("triggerfinder:message-retry", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == OutgoingMessage.Status.PENDING and notice.attempts == 0


@pytest.mark.django_db
def test_a_reminder_the_gate_held_back_is_listed_for_the_lead(lead_client, therapist, settings):
    from triggerfinder.models import Contraindication
    from triggerfinder.services import findings
    from triggerfinder.services.messaging import delivery

    settings.TRIGGERFINDER_HOLIDAYS = None
    open_all_week(therapist)
    client = make_client(therapist, email="erika@example.org", last_name="Zurueckgehalten")
    agree(client, therapist)
    booked(therapist, client)
    findings.finding_record(
        client=client, contraindication=Contraindication.objects.get(slug="numbness"), user=therapist
    )
    reminder = OutgoingMessage.objects.get(kind="reminder")
    assert delivery.deliver(reminder.pk, now=reminder.due_at) == delivery.SKIP_HELD_BY_GATE
    response = lead_client.get(URL)
    page = response.content.decode()
    assert "Zurueckgehalten" in page and "zurückgehalten" in page
