"""The pages a client reaches from a practice's e-mail, in a real browser at a desktop width and on
a phone (issue 18): confirm or cancel by link, with axe; and the practice lead's messages page with
its preview."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, log_in, screenshot
from tests.conftest import PASSWORD, make_client, make_user
from triggerfinder.models import Appointment, WorkingHours
from triggerfinder.security import links, roles
from triggerfinder.services import appointments

HOSTILE = "Öztürk & Söhne <GmbH>"


@pytest.fixture
def appointment(transactional_db, settings) -> Appointment:
    """Łukasz Öztürk's appointment with Lena in five days at 10:00."""
    settings.TRIGGERFINDER_HOLIDAYS = None
    settings.TRIGGERFINDER_PRACTICE_PHONE = "0351 123456"
    lena = make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")
    for weekday in range(7):
        WorkingHours.objects.create(
            therapist=lena, weekday=weekday, start=datetime.time(8), end=datetime.time(18)
        )
    client = make_client(lena, first_name="Łukasz", last_name=HOSTILE, email="lukasz@example.org")
    zone = ZoneInfo(str(timezone.get_default_timezone()))
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=5), datetime.time(10), tzinfo=zone
    )
    return appointments.appointment_book(therapist=lena, client=client, start=start, duration_minutes=60)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_client_cancels_by_link_with_a_reason(page, site, appointment, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + links.appointment_link_url(appointment))
    expect(page.get_by_role("heading", name="Ihr Termin")).to_be_visible()
    expect(page.get_by_text("Lena Hartmann")).to_be_visible()
    assert HOSTILE not in page.content() and "Öztürk" not in page.content()  # nothing of the record
    check_accessibility(page, f"appointment link at {width} px")
    screenshot(page, f"appointment-link-{width}", full_page=True)
    page.get_by_label("Grund (freiwillig)").fill("Krank <b>")
    page.get_by_role("button", name="Termin absagen").click()
    expect(page.get_by_text("Ihr Termin ist abgesagt.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED_BY_CLIENT
    assert appointment.cancel_reason == "Krank <b>"


def test_a_client_confirms_by_keyboard(page, site, appointment):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + links.appointment_link_url(appointment))
    button = page.get_by_role("button", name="Ja, ich komme")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Danke: Ihr Termin ist bestätigt.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.confirmed_at is not None


def test_the_lead_previews_the_messages(page, site, transactional_db):
    make_user("miriam", role=roles.PRACTICE_LEAD, first_name="Miriam", last_name="Lorenz")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, site, "miriam", PASSWORD)
    page.goto(site + "/messages/settings/")
    page.get_by_label("Erinnerungstext (Deutsch)").fill("Bis bald, {first_name}!")
    page.get_by_role("button", name="Vorschau der Nachrichten").click()
    expect(page.get_by_text("Bis bald, Erika!")).to_be_visible()
    check_accessibility(page, "messages page with the preview")
    screenshot(page, "messages-settings", full_page=True)
    page.get_by_label("Buchungstext (Englisch)").fill("See you {client}")
    page.locator('button[value="save"]').click()
    expect(page.get_by_text("ist kein Platzhalter")).to_be_visible()
    expect(page.get_by_label("Erinnerungstext (Deutsch)")).to_have_value("Bis bald, {first_name}!")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_new_client_answers_the_questionnaire(page, site, appointment, width, page_errors):
    """The whole page in Chromium: a mistake first (no region), everything typed is kept, then the
    answers arrive as a draft and the link is used up."""
    from triggerfinder.models import Questionnaire
    from triggerfinder.services.questionnaires import questionnaire_create, questionnaire_url

    client = appointment.client
    questionnaire, token = questionnaire_create(client=client, by=appointment.therapist)
    url = site + questionnaire_url(token, client.preferred_language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    assert "Öztürk" not in page.content() and "lukasz@example.org" not in page.content()
    page.get_by_label("Vorname").fill("Łukasz")
    page.get_by_label("Nachname").fill(HOSTILE)
    page.get_by_label("E-Mail").fill("neu@example.org")
    page.get_by_label("Mehr als ein Jahr").check()
    page.evaluate("() => document.querySelectorAll('input[type=radio][value=no]').forEach(r => r.click())")
    page.get_by_label("Ich bin einverstanden", exact=False).check()
    page.get_by_role("button", name="Meine Angaben senden").click()
    expect(page.locator("#tf-error-summary")).to_be_visible()
    expect(page.get_by_label("Nachname")).to_have_value(HOSTILE)
    page.locator('input[value="lower-back"]').check()
    page.locator('input[name="intensity-lower-back"]').fill("7")
    page.evaluate("() => document.querySelectorAll('input[type=radio][value=no]').forEach(r => r.click())")
    check_accessibility(page, f"questionnaire at {width} px")
    screenshot(page, f"questionnaire-{width}", full_page=True)
    page.get_by_role("button", name="Meine Angaben senden").click()
    expect(page.get_by_text("Vielen Dank: Ihre Angaben sind angekommen.")).to_be_visible()
    questionnaire.refresh_from_db()
    assert questionnaire.submitted_at is not None
    assert questionnaire.answers["regions"] == {"lower-back": 7}
    assert questionnaire.answers["contact"]["last_name"] == HOSTILE
    page.goto(url)
    expect(page.get_by_text("Dieser Link ist abgelaufen oder wurde schon benutzt.")).to_be_visible()
    assert page_errors == [
        "console: Failed to load resource: the server responded with a status of 410 (Gone)"
    ]
    page_errors.clear()  # the used link's 410 is the answer expected here
    assert Questionnaire.objects.get(pk=questionnaire.pk).answers == questionnaire.answers
