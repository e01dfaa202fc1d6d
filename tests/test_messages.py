"""The practice's messages to clients (issue 18): what the outbox schedules for each change of the
appointment book, and what reaches a real SMTP server on 127.0.0.1, parsed back with ``email``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.test import Client as DjangoClient
from django.utils import timezone

from tests.conftest import make_client
from tests.smtp_servers import DroppingServer, SmtpServer
from tests.test_appointments_views import open_all_week
from triggerfinder.core import messaging
from triggerfinder.models import Contraindication, Muscle, OutgoingMessage
from triggerfinder.services import appointments as book
from triggerfinder.services import consent, findings
from triggerfinder.services.messaging import delivery, outbox

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2027, 3, 3)  # a Wednesday to come
START = datetime.combine(DAY, time(10), tzinfo=BERLIN)
EARLY = START - timedelta(days=7)  # when the tests book
HOSTILE_FIRST = "Łukasz"
HOSTILE_LAST = "Öztürk & Söhne <GmbH>"
Status = OutgoingMessage.Status


def agree(client, by) -> None:
    """The client agrees to messages (recorded by ``by``)."""
    consent.message_consent_record(client=client, by=by, now=EARLY - timedelta(days=1))
    client.refresh_from_db()


@pytest.fixture
def practice(settings):
    settings.TRIGGERFINDER_HOLIDAYS = None
    settings.TRIGGERFINDER_PRACTICE_NAME = "Praxis Sonnenschein"
    settings.TRIGGERFINDER_PRACTICE_ADDRESS = "Hauptstraße 1\n01067 Dresden"
    settings.TRIGGERFINDER_PRACTICE_PHONE = "0351 123456"
    settings.TRIGGERFINDER_SITE_URL = "https://praxis.example.org"
    settings.DEFAULT_FROM_EMAIL = "termine@praxis.example.org"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
        yield server


@pytest.fixture
def client_de(therapist, practice):
    open_all_week(therapist)
    client = make_client(
        therapist, first_name=HOSTILE_FIRST, last_name=HOSTILE_LAST, email="lukasz@example.org"
    )
    agree(client, therapist)
    return client


def booked(therapist, client, start=START):
    return book.appointment_book(
        therapist=therapist, client=client, start=start, duration_minutes=60, now=EARLY
    )


def rows(**filters) -> list[OutgoingMessage]:
    return list(OutgoingMessage.objects.filter(**filters).order_by("pk"))


def send_due(now: datetime) -> list[str]:
    """Deliver every message due at ``now`` as a worker would, in order."""
    return [
        delivery.deliver(message.pk, worker="test", now=now)
        for message in OutgoingMessage.objects.filter(status=Status.PENDING, due_at__lte=now).order_by(
            "due_at", "pk"
        )
    ]


def subject(message: EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())


def parts(message: EmailMessage) -> tuple[str, str, bytes]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    return text.get_content(), html.get_content(), attachment.get_payload(decode=True)


@pytest.mark.django_db
class TestOutbox:
    def test_a_booking_schedules_its_reminder_and_a_notice_after_the_grace_period(self, therapist, client_de):
        appointment = booked(therapist, client_de)
        reminder, notice = rows(kind="reminder")[0], rows(kind="notice")[0]
        assert reminder.due_at == START - timedelta(hours=24)
        assert notice.due_at == EARLY + timedelta(minutes=10) and notice.baseline is None
        assert reminder.appointment == notice.appointment == appointment

    def test_a_quick_correction_joins_the_waiting_notice(self, therapist, client_de):
        appointment = booked(therapist, client_de)
        later = START + timedelta(hours=2)
        book.appointment_move(appointment=appointment, start=later, now=EARLY + timedelta(minutes=3))
        (notice,) = rows(kind="notice")
        assert notice.due_at == EARLY + timedelta(minutes=13) and notice.baseline is None
        reminders = rows(kind="reminder")
        assert [r.status for r in reminders] == [Status.SKIPPED, Status.PENDING]
        assert reminders[1].due_at == later - timedelta(hours=24)

    def test_booked_then_cancelled_within_the_grace_period_says_nothing(self, therapist, client_de, smtp):
        appointment = booked(therapist, client_de)
        book.appointment_cancel(appointment=appointment, by_client=False, now=EARLY + timedelta(minutes=2))
        assert send_due(START) == [delivery.SKIP_NOTHING_CHANGED]
        assert smtp.inbox.messages() == []
        assert [r.status for r in rows(kind="reminder")] == [Status.SKIPPED]

    def test_a_move_after_the_notice_was_sent_is_a_new_notice_from_what_the_client_knows(
        self, therapist, client_de, smtp
    ):
        appointment = booked(therapist, client_de)
        assert send_due(EARLY + timedelta(minutes=10)) == [Status.SENT]
        moved = START + timedelta(days=1)
        book.appointment_move(appointment=appointment, start=moved, now=EARLY + timedelta(hours=1))
        assert send_due(EARLY + timedelta(hours=2)) == [Status.SENT]
        first, second = smtp.inbox.messages()
        assert subject(first).startswith("Termin gebucht") and subject(second).startswith("Termin verschoben")

    def test_no_reminder_when_its_time_has_passed_at_booking(self, therapist, client_de):
        book.appointment_book(
            therapist=therapist,
            client=client_de,
            start=START,
            duration_minutes=60,
            now=START - timedelta(hours=5),
        )
        assert rows(kind="reminder") == [] and len(rows(kind="notice")) == 1

    def test_nothing_for_a_client_without_an_address(self, therapist, practice):
        open_all_week(therapist)
        client = make_client(therapist, email="")
        agree(client, therapist)
        booked(therapist, client)
        assert rows() == []


@pytest.mark.django_db
class TestSending:
    def test_the_reminder_reaches_the_server_complete_and_in_german(self, therapist, client_de, smtp):
        appointment = booked(therapist, client_de)
        assert delivery.deliver(rows(kind="reminder")[0].pk, now=START - timedelta(hours=23)) == Status.SENT
        (message,) = smtp.inbox.messages()
        assert message["From"].addresses[0].display_name == "Praxis Sonnenschein"
        assert message["From"].addresses[0].addr_spec == "termine@praxis.example.org"
        assert message["To"].addresses[0].addr_spec == "lukasz@example.org"
        assert subject(message) == "Erinnerung: Ihr Termin am 3. März 2027 10:00 – Praxis Sonnenschein"
        assert message["Content-Language"] == "de"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert (
            str(message["List-Unsubscribe"]).strip().startswith("<https://praxis.example.org/messages/stop/")
        )
        assert (
            message["Message-ID"]
            == f"<triggerfinder.reminder.{appointment.pk}.{int(START.timestamp())}@praxis.example.org>"
        )
        text, html, ics = parts(message)
        assert f"Hallo {HOSTILE_FIRST}," in text and "Mittwoch, 3. März 2027, 10:00" in text
        assert "Hauptstraße 1, 01067 Dresden" in text and "Lena Hartmann" in text
        assert "https://praxis.example.org/" in text
        assert "<GmbH>" not in html and f"Hallo {HOSTILE_FIRST}," in html
        (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
        assert event.decoded("dtstart") == START
        # An independent reader of calendars finds it on its day, an hour long.
        (found,) = recurring_ical_events.of(icalendar.Calendar.from_ical(ics)).at(DAY)
        assert found.decoded("dtend") - found.decoded("dtstart") == timedelta(hours=1)
        assert str(event["uid"]) == f"appointment-{appointment.pk}@praxis-sonnenschein.triggerfinder"
        assert rows(kind="reminder")[0].status == Status.SENT

    def test_an_english_client_gets_english(self, therapist, practice, smtp):
        open_all_week(therapist)
        client = make_client(therapist, email="sam@example.org", preferred_language="en")
        agree(client, therapist)
        booked(therapist, client)
        send_due(EARLY + timedelta(minutes=10))
        (message,) = smtp.inbox.messages()
        assert subject(message) == "Appointment booked: March 3, 2027 10:00 – Praxis Sonnenschein"
        text, _html, _ics = parts(message)
        assert "Hello Erika," in text and "Confirm or cancel the appointment" in text

    def test_no_health_data_in_any_message(self, therapist, client_de, smtp):
        appointment = booked(therapist, client_de)
        book.appointment_move(
            appointment=appointment, start=START + timedelta(days=1), now=EARLY + timedelta(hours=1)
        )
        send_due(EARLY + timedelta(hours=2))
        for slug in ("blood-thinners", "numbness"):
            contraindication = Contraindication.objects.get(slug=slug)
            findings.finding_record(client=client_de, contraindication=contraindication, user=therapist)
        book.appointment_cancel(appointment=appointment, by_client=False, now=EARLY + timedelta(hours=3))
        send_due(START)
        messages = smtp.inbox.messages()
        assert messages, "nothing was sent"
        forbidden = {
            *Muscle.objects.values_list("name_de", flat=True),
            *Muscle.objects.values_list("name_en", flat=True),
            *Contraindication.objects.values_list("label_de", flat=True),
            *Contraindication.objects.values_list("label_en", flat=True),
            "Schmerz",
            "pain",
            "Befund",
            "finding",
            "Triggerpunkt",
            "trigger point",
        }
        for message in messages:
            whole = message.as_string()
            text, html, ics = parts(message)
            for word in forbidden:
                for body in (text, html, ics.decode(), str(message["Subject"])):
                    assert word.lower() not in body.lower(), (word, message["Subject"])
            assert "Mustermann" not in whole

    def test_a_refusing_server_fails_the_message_for_the_lead_to_see(self, therapist, client_de, smtp):
        smtp.inbox.refuse = True
        booked(therapist, client_de)
        assert send_due(EARLY + timedelta(minutes=10)) == [Status.FAILED]
        (notice,) = rows(kind="notice")
        assert notice.status == Status.FAILED and notice.attempts == 1 and "550" in notice.last_error
        assert "lukasz@example.org" not in notice.last_error

    @pytest.mark.parametrize(
        ("rcpt", "data", "outcome"),
        [
            ("450 4.2.1 mailbox busy", "", delivery.RETRY),
            ("", "451 4.3.0 local error", delivery.RETRY),
            ("", "554 5.7.1 rejected", Status.FAILED),
            ("553 5.1.3 bad address", "", Status.FAILED),
        ],
    )
    def test_a_5xx_answer_fails_at_once_and_a_4xx_is_tried_again(
        self, therapist, client_de, smtp, rcpt, data, outcome
    ):
        smtp.inbox.rcpt_answer, smtp.inbox.data_answer = rcpt, data
        booked(therapist, client_de)
        assert send_due(EARLY + timedelta(minutes=10)) == [outcome]
        (notice,) = rows(kind="notice")
        assert notice.last_error.startswith((rcpt or data)[:3]) or (rcpt or data)[:3] in notice.last_error

    def test_a_dropped_connection_is_retried_with_back_off(self, therapist, client_de, settings):
        booked(therapist, client_de)
        first = EARLY + timedelta(minutes=10)
        with DroppingServer() as dropping:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", dropping.port, 5
            assert send_due(first) == [delivery.RETRY]
            assert dropping.connections == 1
        (notice,) = rows(kind="notice")
        assert notice.status == Status.PENDING and notice.attempts == 1 and notice.last_error
        assert notice.due_at == first + timedelta(minutes=messaging.RETRY_MINUTES[0])
        with SmtpServer() as server:
            settings.EMAIL_PORT = server.port
            assert delivery.deliver(notice.pk, now=notice.due_at) == Status.SENT
            assert len(server.inbox.messages()) == 1
        notice.refresh_from_db()
        assert notice.status == Status.SENT and notice.attempts == 2

    def test_temporary_failures_give_up_after_the_last_attempt(self, therapist, client_de, smtp):
        smtp.inbox.temporary_failures = messaging.MAX_ATTEMPTS
        booked(therapist, client_de)
        (notice,) = rows(kind="notice")
        outcomes = []
        for _attempt in range(messaging.MAX_ATTEMPTS):
            notice.refresh_from_db()
            outcomes.append(delivery.deliver(notice.pk, now=notice.due_at))
        assert outcomes == [delivery.RETRY] * (messaging.MAX_ATTEMPTS - 1) + [Status.FAILED]
        notice.refresh_from_db()
        assert notice.status == Status.FAILED and notice.attempts == messaging.MAX_ATTEMPTS
        assert "451" in notice.last_error


@pytest.mark.django_db
class TestOnce:
    def test_two_workers_cannot_both_claim_a_message(self, therapist, client_de):
        booked(therapist, client_de)
        (notice,) = rows(kind="notice")
        now = notice.due_at
        assert delivery.claim(notice.pk, worker="a", now=now) is True
        assert delivery.claim(notice.pk, worker="b", now=now) is False

    def test_a_crashed_workers_claim_lapses_and_the_message_is_queued_again(
        self, therapist, client_de, settings, smtp
    ):
        settings.TRIGGERFINDER_MESSAGE_CLAIM_SECONDS = 60
        booked(therapist, client_de)
        (notice,) = rows(kind="notice")
        assert delivery.claim(notice.pk, worker="crashed", now=notice.due_at)
        assert outbox.requeue_due(now=notice.due_at + timedelta(seconds=30)) == 0
        assert delivery.deliver(notice.pk, now=notice.due_at + timedelta(seconds=30)) == delivery.NOT_CLAIMED
        assert outbox.requeue_due(now=notice.due_at + timedelta(seconds=61)) == 1
        assert delivery.deliver(notice.pk, now=notice.due_at + timedelta(seconds=61)) == Status.SENT
        assert delivery.deliver(notice.pk, now=notice.due_at + timedelta(hours=1)) == delivery.NOT_CLAIMED
        assert len(smtp.inbox.messages()) == 1

    def test_a_sent_message_is_never_sent_again(self, therapist, client_de, smtp):
        booked(therapist, client_de)
        (notice,) = rows(kind="notice")
        assert delivery.deliver(notice.pk, now=notice.due_at) == Status.SENT
        assert delivery.deliver(notice.pk, now=notice.due_at + timedelta(days=1)) == delivery.NOT_CLAIMED
        assert len(smtp.inbox.messages()) == 1


@pytest.mark.django_db
class TestQuestionnaireEmail:
    def test_the_link_is_made_when_sent_and_works(self, therapist, client_de, smtp, client):
        from django.urls import reverse

        client.force_login(therapist)
        response = client.post(reverse("triggerfinder:questionnaire-email", args=[client_de.pk]))
        assert response.status_code == 302
        (message,) = rows(kind="questionnaire")
        stored = message.questionnaire.token_hash
        assert delivery.deliver(message.pk, now=timezone.now()) == Status.SENT
        message.questionnaire.refresh_from_db()
        assert message.questionnaire.token_hash != stored  # the link in the e-mail is a new one
        (mail,) = smtp.inbox.messages()
        assert subject(mail) == "Vor Ihrem ersten Termin: ein paar Fragen – Praxis Sonnenschein"
        text = mail.get_body(preferencelist=("plain",)).get_content()
        (url,) = [line for line in text.splitlines() if "/questionnaire/" in line]
        assert url.startswith("https://praxis.example.org/questionnaire/")
        page = DjangoClient().get(url.removeprefix("https://praxis.example.org"))
        assert page.status_code == 200 and HOSTILE_LAST not in page.text
        assert list(mail.iter_attachments()) == []

    def test_not_for_a_client_who_has_not_agreed(self, therapist, practice, client):
        from django.urls import reverse

        other = make_client(therapist, email="nein@example.org")
        client.force_login(therapist)
        client.post(reverse("triggerfinder:questionnaire-email", args=[other.pk]))
        assert rows() == []

    def test_an_answered_questionnaire_is_not_sent_again(self, therapist, client_de, smtp):
        from triggerfinder.models import Questionnaire

        outbox.questionnaire_email(client=client_de, by=therapist)
        (message,) = rows(kind="questionnaire")
        Questionnaire.objects.filter(pk=message.questionnaire_id).update(submitted_at=timezone.now())
        assert delivery.deliver(message.pk) == delivery.SKIP_QUESTIONNAIRE_CLOSED
        assert smtp.inbox.messages() == []


@pytest.mark.django_db(transaction=True)
def test_a_host_without_a_waiting_backend_sends_each_message_once_it_is_due(
    therapist, client_de, smtp, settings, reload_knowledge
):
    """The framework's immediate backend (a host project without TASKS) cannot wait: a booking
    still works, nothing is sent early, and ``requeue_messages`` from a timer sends what is due."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    soon = datetime.combine(timezone.localdate() + timedelta(days=3), time(10), tzinfo=BERLIN)
    book.appointment_book(therapist=therapist, client=client_de, start=soon, duration_minutes=60)
    assert smtp.inbox.messages() == [] and len(rows(status=Status.PENDING)) == 2
    assert outbox.requeue_due() == 0  # the notice waits for its grace period
    OutgoingMessage.objects.filter(kind="notice").update(due_at=timezone.now())  # ten minutes later
    assert outbox.requeue_due() == 1
    (message,) = smtp.inbox.messages()
    assert subject(message).startswith("Termin gebucht")
    assert [r.status for r in rows()] == [Status.PENDING, Status.SENT]  # the reminder, the notice
