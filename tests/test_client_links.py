"""The client's signed links in e-mails (issue 18): the tokens (``security.links``) and the public
pages behind them (``views.links``), through the Django test client without a log-in."""

from __future__ import annotations

import string
import time
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client as DjangoClient
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string

from tests.conftest import make_client
from tests.test_appointments_views import open_all_week
from triggerfinder.core import bounds
from triggerfinder.models import Appointment, Contraindication, Room
from triggerfinder.security import links
from triggerfinder.services import appointments as service
from triggerfinder.services import findings
from triggerfinder.services.consent import message_consent_record

INVALID_DE = "Dieser Link ist ungültig oder abgelaufen."
INVALID_EN = "This link is invalid or has expired."


def in_days(days: int, hour: int = 10) -> datetime:
    """A full hour ``days`` from today, in the practice's time zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def book(therapist, client, start, **extra) -> Appointment:
    return service.appointment_book(
        therapist=therapist,
        client=client,
        start=start,
        duration_minutes=60,
        now=start - timedelta(days=7),
        **extra,
    )


def made_days_ago(days: int, make, *args):
    """A token made ``days`` ago: the signature's time stamp is the clock's at signing."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days * 86400):
        return make(*args)


@pytest.fixture(autouse=True)
def no_holidays(settings):
    settings.TRIGGERFINDER_HOLIDAYS = None
    settings.TRIGGERFINDER_PRACTICE_NAME = "Praxis Hartmann"
    settings.TRIGGERFINDER_PRACTICE_ADDRESS = "Hauptstraße 1\n01067 Dresden"
    settings.TRIGGERFINDER_PRACTICE_PHONE = "0351 123456"


@pytest.fixture
def erika(therapist):
    open_all_week(therapist)
    return make_client(therapist, email="erika@example.org", preferred_language="en")


@pytest.fixture
def appointment(therapist, erika) -> Appointment:
    return book(therapist, erika, in_days(5))


@pytest.fixture
def visitor() -> DjangoClient:
    """Nobody logged in, and the CSRF check on, as for a client's browser."""
    return DjangoClient(enforce_csrf_checks=True)


def page_url(appointment) -> str:
    return links.appointment_link_url(appointment)


def post_answer(visitor, url, *, language="de", **data):
    """Post as a browser does that has the CSRF cookie (the form's token; also where the page
    showed no form, to see what a post with a valid token does there)."""
    secret = (
        visitor.cookies[settings.CSRF_COOKIE_NAME].value
        if settings.CSRF_COOKIE_NAME in visitor.cookies
        else ""
    )
    if not secret:
        secret = get_random_string(32, string.ascii_letters + string.digits)
        visitor.cookies[settings.CSRF_COOKIE_NAME] = secret
    return visitor.post(url, {"csrfmiddlewaretoken": secret, **data}, HTTP_ACCEPT_LANGUAGE=language)


def snapshot(appointment) -> tuple:
    fresh = Appointment.objects.get(pk=appointment.pk)
    return (fresh.status, fresh.confirmed_at, fresh.cancel_reason, fresh.version, fresh.history.count())


@pytest.mark.django_db
class TestTokens:
    def test_round_trip(self, appointment, erika):
        assert links.read_appointment_token(links.appointment_token(appointment)) == appointment.pk
        assert links.read_withdraw_token(links.withdraw_token(erika)) == erika.pk

    def test_the_url_is_the_page_path_in_the_clients_language(self, appointment, erika, therapist):
        with translation.override("de"):  # wherever the sender runs, the path is in the client's language
            assert links.appointment_link_url(appointment).startswith("/en/appointments/link/")
            assert links.withdraw_link_url(erika).startswith("/en/messages/stop/")
        german = make_client(therapist, preferred_language="de")
        with translation.override("en"):
            assert links.withdraw_link_url(german).startswith("/messages/stop/")
            found = resolve(links.appointment_link_url(appointment))
        assert found.url_name == "appointment-link"
        assert links.read_appointment_token(found.kwargs["token"]) == appointment.pk

    @pytest.mark.parametrize(
        "change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:20], lambda t: "x" + t]
    )
    def test_a_forged_or_garbled_token_is_invalid(self, appointment, change):
        with pytest.raises(links.LinkInvalid):
            links.read_appointment_token(change(links.appointment_token(appointment)))

    def test_a_token_of_the_other_kind_is_invalid(self, appointment, erika):
        with pytest.raises(links.LinkInvalid):
            links.read_appointment_token(links.withdraw_token(erika))
        with pytest.raises(links.LinkInvalid):
            links.read_withdraw_token(links.appointment_token(appointment))

    def test_a_signed_payload_that_names_nothing_is_invalid(self):
        for payload in ({"a": "1", "s": 1}, {"s": 1}, [1, 2], "1"):
            with pytest.raises(links.LinkInvalid):
                links.read_appointment_token(signing.dumps(payload, salt=links.APPOINTMENT_SALT))

    def test_an_old_token_has_expired(self, appointment, erika):
        with pytest.raises(links.LinkExpired) as over:
            links.read_appointment_token(
                made_days_ago(bounds.APPOINTMENT_LINK_DAYS + 1, links.appointment_token, appointment)
            )
        assert over.value.appointment_pk is None
        assert links.read_appointment_token(
            made_days_ago(bounds.APPOINTMENT_LINK_DAYS - 1, links.appointment_token, appointment)
        )
        with pytest.raises(links.LinkExpired):
            links.read_withdraw_token(
                made_days_ago(bounds.MESSAGES_WITHDRAW_LINK_DAYS + 1, links.withdraw_token, erika)
            )
        assert (
            links.read_withdraw_token(
                made_days_ago(bounds.MESSAGES_WITHDRAW_LINK_DAYS - 1, links.withdraw_token, erika)
            )
            == erika.pk
        )

    def test_a_moved_appointments_old_token_is_dead(self, appointment):
        old = links.appointment_token(appointment)
        moved = service.appointment_move(appointment=appointment, start=in_days(6))
        with pytest.raises(links.LinkExpired) as over:
            links.read_appointment_token(old)
        assert over.value.appointment_pk is None
        assert links.read_appointment_token(links.appointment_token(moved)) == appointment.pk

    def test_the_token_ends_when_the_appointment_begins(self, appointment):
        token = links.appointment_token(appointment)
        assert links.read_appointment_token(token, now=appointment.start - timedelta(minutes=1))
        with pytest.raises(links.LinkExpired) as over:
            links.read_appointment_token(token, now=appointment.start)
        assert over.value.appointment_pk == appointment.pk

    def test_a_deleted_or_restricted_record_has_no_link(self, appointment, erika, therapist):
        from triggerfinder.services.clients import client_restrict

        token = links.appointment_token(appointment)
        client_restrict(client=erika, user=therapist)
        with pytest.raises(links.LinkInvalid):
            links.read_appointment_token(token)

    def test_the_token_names_only_the_keys(self, appointment, erika):
        # Signed, not encrypted: what it carries is readable, so it carries nothing but keys.
        payload = signing.loads(links.appointment_token(appointment), salt=links.APPOINTMENT_SALT)
        assert set(payload) == {"a", "s"}
        assert signing.loads(links.withdraw_token(erika), salt=links.WITHDRAW_SALT) == {"c": erika.pk}


@pytest.mark.django_db
class TestAppointmentPage:
    def test_shows_time_place_and_therapist_only(self, visitor, therapist, erika):
        room = Room.objects.create(name="Raum Linde")
        appointment = book(therapist, erika, in_days(5), room=room)
        findings.finding_record(
            client=erika,
            contraindication=Contraindication.objects.get(slug="saddle-numbness"),
            user=therapist,
            note="taub beim Sitzen",
        )
        response = visitor.get(page_url(appointment))
        assert response.status_code == 200
        page = response.text
        start = timezone.localtime(appointment.start)
        assert f"{start:%H:%M}–11:00" in page and str(start.year) in page
        assert "Praxis Hartmann" in page and "Hauptstraße 1<br>01067 Dresden" in page
        assert "Raum Linde" in page and "Lena Hartmann" in page
        contraindication = Contraindication.objects.get(slug="saddle-numbness")
        for private in (
            "Erika",
            "Mustermann",
            "erika@example.org",
            "taub beim Sitzen",
            contraindication.label_de,
            contraindication.label_en,
            "lena",  # the therapist's log-in name
        ):
            assert private not in page
        assert 'href="/clients' not in page and "navbar" not in page  # nothing of the app
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "same-origin"
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert '<meta name="referrer" content="same-origin">' in page

    def test_speaks_the_clients_language(self, visitor, therapist):
        open_all_week(therapist)
        german = make_client(therapist, preferred_language="de")
        english = make_client(therapist, preferred_language="en")
        assert visitor.get(page_url(book(therapist, english, in_days(5)))).headers["Content-Language"] == "en"
        page = visitor.get(page_url(book(therapist, german, in_days(6))))
        assert page.headers["Content-Language"] == "de" and '<html lang="de">' in page.text

    def test_confirm(self, visitor, appointment):
        assert 'name="csrfmiddlewaretoken"' in visitor.get(page_url(appointment)).text
        response = post_answer(visitor, page_url(appointment), action="confirm")
        assert response.status_code == 200
        assert "Thank you: your appointment is confirmed." in response.text
        confirmed = Appointment.objects.get(pk=appointment.pk)
        assert confirmed.confirmed_at is not None and confirmed.status == Appointment.Status.BOOKED
        again = post_answer(visitor, page_url(appointment), action="confirm")
        assert again.status_code == 200
        assert Appointment.objects.get(pk=appointment.pk).confirmed_at == confirmed.confirmed_at
        assert "You confirmed this appointment on" in visitor.get(page_url(appointment)).text

    def test_cancel_with_a_reason(self, visitor, appointment):
        response = post_answer(
            visitor, page_url(appointment), action="cancel", reason="  Ich bin krank. <b>  "
        )
        assert response.status_code == 200
        assert "Your appointment is cancelled." in response.text
        cancelled = Appointment.objects.get(pk=appointment.pk)
        assert cancelled.status == Appointment.Status.CANCELLED_BY_CLIENT
        assert cancelled.cancel_reason == "Ich bin krank. <b>"

    def test_a_reason_too_long_is_refused_and_kept(self, visitor, appointment):
        before = snapshot(appointment)
        response = post_answer(visitor, page_url(appointment), action="cancel", reason="<i>x</i>" + "x" * 500)
        assert response.status_code == 400
        assert "Ensure this value has at most 500 characters" in response.text
        assert "&lt;i&gt;x&lt;/i&gt;xxx" in response.text and "<i>x</i>" not in response.text
        assert snapshot(appointment) == before

    def test_an_unknown_action_changes_nothing(self, visitor, appointment):
        before = snapshot(appointment)
        response = post_answer(visitor, page_url(appointment), action="delete")
        assert response.status_code == 400 and "Please choose: confirm or cancel" in response.text
        assert snapshot(appointment) == before

    def test_within_the_notice_it_offers_the_phone_not_a_cancellation(self, visitor, appointment, settings):
        settings.TRIGGERFINDER_LATE_CANCELLATION_HOURS = 14 * 24
        before = snapshot(appointment)
        page = visitor.get(page_url(appointment)).text
        assert (
            "can no longer be cancelled here" in page and "Please call Praxis Hartmann: 0351 123456." in page
        )
        assert 'value="cancel"' not in page and 'value="confirm"' in page
        response = post_answer(visitor, page_url(appointment), action="cancel", reason="zu spät")
        assert response.status_code == 409 and "0351 123456" in response.text
        assert snapshot(appointment) == before

    def test_a_cancelled_appointment_says_so_and_changes_nothing(self, visitor, appointment):
        service.appointment_cancel(appointment=appointment, by_client=False)
        before = snapshot(appointment)
        page = visitor.get(page_url(appointment)).text
        assert "This appointment was cancelled." in page and 'value="confirm"' not in page
        for action in ("confirm", "cancel"):
            response = post_answer(visitor, page_url(appointment), action=action)
            assert response.status_code == 409 and "This appointment was cancelled." in response.text
        assert snapshot(appointment) == before

    def test_a_past_appointment_says_so_and_changes_nothing(self, visitor, therapist, erika):
        past = book(therapist, erika, in_days(-2))
        url = page_url(past)
        service.appointment_mark(appointment=past, status=Appointment.Status.DONE)
        before = snapshot(past)
        response = visitor.get(url)
        assert response.status_code == 410
        assert "This appointment has begun or is over." in response.text
        assert visitor.post(url, {"action": "confirm"}).status_code == 403  # no CSRF token
        assert post_answer(visitor, url, action="cancel").status_code == 410
        assert snapshot(past) == before

    @pytest.mark.parametrize("language", ["de", "en"])
    def test_a_bad_token_is_a_404_in_both_languages(self, visitor, appointment, erika, language):
        before = snapshot(appointment)
        good = links.appointment_token(appointment)
        for token in (good[:-2] + "zz", "abc", links.withdraw_token(erika)):
            url = reverse("triggerfinder:appointment-link", args=[token])
            assert visitor.post(url, {"action": "cancel"}).status_code == 403  # no CSRF token
            for response in (
                visitor.get(url, HTTP_ACCEPT_LANGUAGE=language),
                post_answer(visitor, url, action="cancel", language=language),
            ):
                assert response.status_code == 404
                assert INVALID_DE in response.text and INVALID_EN in response.text
                assert "Erika" not in response.text
        assert snapshot(appointment) == before

    def test_an_expired_or_moved_link_is_a_410_in_both_languages(self, visitor, appointment):
        expired = made_days_ago(bounds.APPOINTMENT_LINK_DAYS + 1, links.appointment_link_url, appointment)
        before_move = page_url(appointment)
        response = visitor.get(expired)
        assert response.status_code == 410 and INVALID_DE in response.text and INVALID_EN in response.text
        moved = service.appointment_move(appointment=appointment, start=in_days(6))
        before = snapshot(moved)
        response = post_answer(visitor, before_move, action="cancel")
        assert response.status_code == 410 and INVALID_EN in response.text
        assert snapshot(moved) == before

    def test_the_posts_are_rate_limited(self, visitor, appointment, settings):
        settings.TRIGGERFINDER_LINK_RATE_LIMIT = "2/m"
        url = page_url(appointment)
        assert post_answer(visitor, url, action="confirm").status_code == 200
        assert post_answer(visitor, url, action="confirm").status_code == 200
        response = post_answer(visitor, url, action="cancel")
        assert response.status_code == 429 and response["Retry-After"] == "60"
        assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.BOOKED
        assert visitor.get(url).status_code == 200  # reading is not counted


@pytest.mark.django_db
class TestStopMessages:
    @pytest.fixture
    def agreed(self, erika, therapist):
        return message_consent_record(client=erika, by=therapist)

    def test_get_shows_one_button_and_withdraws_nothing(self, visitor, agreed):
        response = visitor.get(links.withdraw_link_url(agreed))
        assert response.status_code == 200
        assert "Stop e-mail messages" in response.text and "Praxis Hartmann" in response.text
        for private in ("Erika", "Mustermann", "erika@example.org"):
            assert private not in response.text
        assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Content-Language"] == "en"
        assert type(agreed).objects.get(pk=agreed.pk).messages_withdrawn_at is None

    def test_post_withdraws(self, visitor, agreed):
        response = post_answer(visitor, links.withdraw_link_url(agreed))
        assert response.status_code == 200 and "will send you no more e-mail messages" in response.text
        fresh = type(agreed).objects.get(pk=agreed.pk)
        assert fresh.messages_withdrawn_at is not None and fresh.messages_withdrawn_by is None
        assert not fresh.may_receive_messages
        assert "sends you no e-mail messages any more" in visitor.get(links.withdraw_link_url(agreed)).text

    def test_a_post_without_the_csrf_token_is_refused(self, visitor, agreed):
        assert visitor.post(links.withdraw_link_url(agreed)).status_code == 403
        assert type(agreed).objects.get(pk=agreed.pk).messages_withdrawn_at is None

    @pytest.mark.parametrize("multipart", [False, True])
    def test_one_click_unsubscribe(self, agreed, multipart):
        # A mail client's one-click (RFC 8058): no cookie, no CSRF token.
        mailer = DjangoClient(enforce_csrf_checks=True)
        url = links.withdraw_link_url(agreed)
        if multipart:
            response = mailer.post(url, {"List-Unsubscribe": "One-Click"})
        else:
            response = mailer.post(
                url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
            )
        assert response.status_code == 200
        assert type(agreed).objects.get(pk=agreed.pk).messages_withdrawn_at is not None

    def test_a_bad_token_changes_nothing(self, visitor, agreed):
        token = links.withdraw_token(agreed)
        for bad in (token[:-2] + "zz", "abc"):
            url = reverse("triggerfinder:messages-withdraw", args=[bad])
            response = DjangoClient().post(url, {"List-Unsubscribe": "One-Click"})
            assert response.status_code == 404
            assert INVALID_DE in response.text and INVALID_EN in response.text
        expired = made_days_ago(401, links.withdraw_link_url, agreed)
        assert DjangoClient().post(expired, {"List-Unsubscribe": "One-Click"}).status_code == 410
        assert type(agreed).objects.get(pk=agreed.pk).messages_withdrawn_at is None
