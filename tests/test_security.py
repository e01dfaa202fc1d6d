"""The security checklist, item by item, through the test client (see docs/security.md)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, login_verified, make_client, make_user
from tests.test_access_log import kind_of, plan_for, records
from tests.test_intake import intake_post
from triggerfinder.models import (
    AccessLogEntry,
    Client,
    Intake,
    SecurityEvent,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.security import roles
from triggerfinder.security.session_age import LOGIN_AT

LOGIN = "/accounts/login/"


@pytest.mark.django_db
class TestLogin:
    def test_lockout_after_five_failures_per_user_name_and_address(self, client):
        make_user("lena")
        make_user("tobias")
        stranger, practice = {"REMOTE_ADDR": "203.0.113.9"}, {"REMOTE_ADDR": "192.0.2.10"}
        for _ in range(5):
            client.post(LOGIN, {"username": "lena", "password": "wrong"}, **stranger)
        locked = client.post(LOGIN, {"username": "lena", "password": PASSWORD}, **stranger)
        assert locked.status_code == 429 and "Anmeldung gesperrt" in locked.text
        other = client.post(LOGIN, {"username": "tobias", "password": PASSWORD}, **stranger)
        assert other.status_code == 302  # same address, other user: not locked
        client.logout()
        # The stranger locked only their own attempts: lena logs in from the practice.
        assert client.post(LOGIN, {"username": "lena", "password": PASSWORD}, **practice).status_code == 302
        kinds = list(SecurityEvent.objects.filter(username="lena").values_list("kind", flat=True))
        assert kinds.count("login-failed") >= 5 and "locked-out" in kinds
        assert SecurityEvent.objects.filter(kind="login", user__username="tobias").exists()

    def test_a_stranger_cannot_lock_out_admin(self, client):
        make_user("admin", is_staff=True, is_superuser=True)
        for _ in range(12):
            client.post(LOGIN, {"username": "admin", "password": "guess"}, REMOTE_ADDR="198.51.100.7")
        response = client.post(LOGIN, {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 302

    def test_security_events_hold_no_password(self, client):
        make_user("lena")
        client.post("/accounts/login/", {"username": "lena", "password": "my-secret-guess"})
        event = SecurityEvent.objects.get(kind="login-failed")
        assert "my-secret-guess" not in str(event.__dict__)

    def test_absolute_timeout_after_twelve_hours(self, client, settings):
        user = make_user("lena", role=roles.THERAPIST)
        client.force_login(user)
        assert client.get("/clients/").status_code == 200
        session = client.session
        session[LOGIN_AT] = time.time() - 12 * 3600 - 5
        session.save()
        response = client.get("/clients/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get("/clients/").status_code == 302  # logged out for good

    def test_idle_timeout_is_thirty_minutes(self, settings):
        assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST

    def test_admin_asks_staff_for_a_one_time_code(self, client):
        admin_user = make_user("ada", is_staff=True, is_superuser=True)
        client.force_login(admin_user, second_factor=False)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/second-factor/setup/" in response["Location"]
        login_verified(client, admin_user)
        assert client.get("/admin/").status_code == 200

    def test_new_passwords_are_argon2(self, settings):
        from django.contrib.auth.hashers import make_password

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
        assert make_password("long enough passphrase").startswith("argon2")


@pytest.mark.django_db
class TestAudit:
    def test_reads_and_exports_are_logged(self, therapist_client, therapist):
        plan = plan_for(therapist_client)
        therapist_client.post(reverse("triggerfinder:plan-accept", args=[plan.pk]), {"version": plan.version})
        client = plan.client
        therapist_client.get(client.get_absolute_url())
        therapist_client.get(plan.get_absolute_url())
        therapist_client.get(reverse("triggerfinder:plan-calendar", args=[plan.pk]))
        therapist_client.get(reverse("triggerfinder:client-handout", args=[client.pk]))
        therapist_client.get(reverse("triggerfinder:client-export-json", args=[client.pk]))
        actions = list(
            AccessLogEntry.objects.filter(client=client, user=therapist).values_list("action", flat=True)
        )
        assert sorted(actions) == sorted(["view", "plan", "calendar", "handout", "export"])

    def test_denials_are_security_events(self, client, django_user_model):
        nobody = django_user_model.objects.create_user("nobody", password="x" * 20)
        client.force_login(nobody)
        assert client.get("/clients/").status_code == 403
        assert SecurityEvent.objects.filter(kind="denied", user=nobody, path="/clients/").exists()

    def test_audit_rows_are_read_only_in_the_admin(self, client, therapist_client):
        plan_for(therapist_client)
        therapist_client.get(Client.objects.get().get_absolute_url())
        admin_user = make_user("ada", is_staff=True, is_superuser=True)
        login_verified(client, admin_user)
        entry = AccessLogEntry.objects.first()
        assert client.get("/admin/triggerfinder/accesslogentry/").status_code == 200
        page = client.get(f"/admin/triggerfinder/accesslogentry/{entry.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.text
        assert (
            client.post(
                f"/admin/triggerfinder/accesslogentry/{entry.pk}/delete/", {"post": "yes"}
            ).status_code
            == 403
        )
        assert client.get("/admin/triggerfinder/accesslogentry/add/").status_code == 403


@pytest.mark.django_db
class TestCrossTherapistAccess:
    def test_every_url_with_a_client_in_it_is_404_for_another_therapist(
        self, therapist_client, therapist, client, other_therapist
    ):
        from tests.test_access import ALL_PATTERNS, names_a_record

        seeded = records(therapist, therapist_client)
        plan, session = seeded["plan"], seeded["session"]
        client.force_login(other_therapist)
        checked = 0
        for name, converters in ALL_PATTERNS:
            if not name.startswith("triggerfinder:") or not names_a_record(converters):
                continue
            url = reverse(name, kwargs={key: seeded[kind_of(name, converters)].pk for key in converters})
            # Restricting needs a role a therapist lacks whatever the client: 403, not a hint.
            # So does another attempt at a message (the practice lead's).
            lead_only = ("triggerfinder:client-restrict", "triggerfinder:message-retry")
            allowed = (403, 404, 405) if name in lead_only else (404, 405)
            for method in (client.get, client.post):
                assert method(url).status_code in allowed, f"{method.__name__} {url}"
            checked += 1
        assert checked >= 15
        plan.refresh_from_db()
        assert plan.status == "accepted" and list(TreatmentSession.objects.values_list("pk", "version")) == [
            (session.pk, 1)
        ]
        appointment = seeded["appointment"]
        appointment.refresh_from_db()
        assert (appointment.status, appointment.version) == ("booked", 1)


@pytest.mark.django_db
def test_every_client_field_is_escaped(therapist_client, therapist):
    hostile = '"><script>alert(1)</script>'
    client = make_client(
        therapist, first_name=hostile, last_name=hostile, email="", phone=hostile, address=hostile
    )
    for url in [client.get_absolute_url(), "/clients/", "/"]:
        html = therapist_client.get(url).text
        assert "<script>alert(1)</script>" not in html, url


@pytest.mark.django_db
class TestConsentAndRestriction:
    def test_withdrawn_consent_stops_new_health_data(self, therapist_client, therapist):
        plan = plan_for(therapist_client)
        client = plan.client
        therapist_client.post(reverse("triggerfinder:consent-withdraw", args=[client.pk]))
        client.refresh_from_db()
        assert client.consent_withdrawn_at and client.consent_withdrawn_recorded_by == therapist
        response = therapist_client.post(
            reverse("triggerfinder:intake-for-client", args=[client.pk]),
            intake_post(**{"client-first_name": None}),
            follow=True,
        )
        assert "nichts Neues erfasst werden" in response.text and Intake.objects.count() == 1
        assert AccessLogEntry.objects.filter(action="consent-withdrawn").exists()

    def test_delete_restricts_then_purge_removes_after_retention(self, client, therapist_client, therapist):
        plan = plan_for(therapist_client)
        record = plan.client
        lead = make_user("miriam", role=roles.PRACTICE_LEAD)
        assert (
            therapist_client.post(reverse("triggerfinder:client-restrict", args=[record.pk])).status_code
            == 403
        )
        client.force_login(lead)
        client.post(reverse("triggerfinder:client-restrict", args=[record.pk]))
        record.refresh_from_db()
        assert record.restricted_at and record.restricted_by == lead
        assert record.last_name not in client.get("/clients/").text
        assert "eingeschränkt" in client.get(record.get_absolute_url()).text
        blocked = client.post(
            reverse("triggerfinder:client-update", args=[record.pk]), {"first_name": "X"}, follow=True
        )
        assert "nichts Neues erfasst werden" in blocked.text

        out = StringIO()
        call_command("purge_expired", "--dry-run", stdout=out)
        assert "0 client record(s)" in out.getvalue()
        long_ago = timezone.now() - timedelta(days=365 * 11)
        Client.objects.filter(pk=record.pk).update(restricted_at=long_ago, created_at=long_ago)
        Intake.objects.filter(client=record).update(recorded_at=long_ago)
        out = StringIO()
        call_command("purge_expired", "--dry-run", stdout=out)
        assert (
            f"would remove client {record.pk}" in out.getvalue()
            and Client.objects.filter(pk=record.pk).exists()
        )
        call_command("purge_expired", stdout=StringIO())
        assert not Client.objects.filter(pk=record.pk).exists()
        assert not TreatmentPlan.objects.exists() and not Intake.objects.exists()
        assert not Client.history.filter(id=record.pk).exists()
        assert not Intake.history.exists() and not AccessLogEntry.objects.filter(client_id=record.pk).exists()


@pytest.mark.django_db
def test_csrf_is_enforced_on_state_changes(therapist):
    from tests.conftest import VerifiedClient

    http_client = VerifiedClient(enforce_csrf_checks=True)
    http_client.force_login(therapist)
    client = make_client(therapist)
    assert http_client.post(reverse("triggerfinder:consent-withdraw", args=[client.pk])).status_code == 403
    client.refresh_from_db()
    assert client.consent_withdrawn_at is None


@pytest.mark.django_db
def test_staff_therapists_see_only_their_clients_in_the_admin(client, therapist, other_therapist):
    own = make_client(therapist, last_name="Eigene")
    foreign = make_client(other_therapist, last_name="Fremde")
    therapist.is_staff = True
    therapist.save()
    login_verified(client, therapist)
    listing = client.get("/admin/triggerfinder/client/").text
    assert "Eigene" in listing and "Fremde" not in listing
    assert (
        client.get(f"/admin/triggerfinder/client/{foreign.pk}/change/").status_code == 302
    )  # "does not exist"
    assert client.get(f"/admin/triggerfinder/client/{own.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_admin_log_in_with_password_and_a_printed_code(client):
    """The admin has no log-in form of its own: it sends to the app's one log-in page."""
    from django_otp.plugins.otp_static.models import StaticDevice

    ada = make_user("ada", is_staff=True, is_superuser=True)
    device = StaticDevice.objects.create(user=ada, name="printed")
    device.token_set.create(token="code1234")
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=/admin/"
    form = {"username": "ada", "password": PASSWORD, "otp_token": "code1234", "next": "/admin/"}
    response = client.post("/accounts/login/?next=/admin/", form)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    again = client.post("/accounts/login/?next=/admin/", form)
    assert again.status_code == 200  # a printed code works once
    assert client.post("/accounts/login/", {**form, "password": "wrong"}).status_code == 200
    assert client.get("/admin/").status_code == 302


def failed_log_ins() -> int:
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).count()


@pytest.mark.django_db
class TestLoginThrottle:
    """Failed log-ins per address are throttled before any password is hashed."""

    def test_over_the_limit_a_log_in_is_a_429_without_authenticating(self, client, settings):
        settings.LOGIN_THROTTLE_FAILURES = 3
        settings.LOGIN_THROTTLE_DELAY_SECONDS = 0
        make_user("lena")
        flood = {"REMOTE_ADDR": "203.0.113.9"}
        for _ in range(3):
            name = uuid.uuid4().hex
            assert client.post(LOGIN, {"username": name, "password": "x"}, **flood).status_code == 200
        assert failed_log_ins() == 3
        refused = client.post(LOGIN, {"username": "lena", "password": PASSWORD}, **flood)
        assert refused.status_code == 429 and "Zu viele Anmeldeversuche" in refused.text
        assert int(refused["Retry-After"]) > 0
        # Refused before the form ran: no authentication, so no hash and no new failure.
        assert failed_log_ins() == 3
        english = client.post("/en" + LOGIN, {"username": "lena", "password": "x"}, **flood)
        assert english.status_code == 429 and "Too many log-in attempts" in english.text
        # Another address is not affected, and the page itself still shows.
        assert (
            client.post(
                LOGIN, {"username": "lena", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
            ).status_code
            == 302
        )
        assert client.get(LOGIN, **flood).status_code in (200, 302)

    def test_the_admin_checks_no_password_itself_so_the_one_throttle_covers_it(self, client, settings):
        settings.LOGIN_THROTTLE_FAILURES = 2
        settings.LOGIN_THROTTLE_DELAY_SECONDS = 0
        make_user("ada", is_staff=True, is_superuser=True)
        flood = {"REMOTE_ADDR": "203.0.113.9"}
        posted = client.post("/admin/login/", {"username": "ada", "password": PASSWORD}, **flood)
        assert posted.status_code == 302 and posted["Location"].startswith(LOGIN)
        assert not failed_log_ins() and client.get("/admin/").status_code != 200
        for _ in range(2):
            client.post(LOGIN + "?next=/admin/", {"username": uuid.uuid4().hex, "password": "x"}, **flood)
        assert (
            client.post(LOGIN + "?next=/admin/", {"username": "ada", "password": "x"}, **flood).status_code
            == 429
        )

    def test_successful_log_ins_do_not_count(self, client, settings):
        settings.LOGIN_THROTTLE_FAILURES = 2
        settings.LOGIN_THROTTLE_DELAY_SECONDS = 0
        make_user("lena")
        for _ in range(4):
            assert client.post(LOGIN, {"username": "lena", "password": PASSWORD}).status_code == 302
            client.logout()


@pytest.mark.django_db
class TestRequestSizeLimit:
    def test_an_anonymous_60_mb_upload_to_the_log_in_is_refused_unread(self, client, settings, tmp_path):
        settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
        boundary = "tf-boundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + b"\0" * (60 * 1024 * 1024)
            + f"\r\n--{boundary}--\r\n".encode()
        )
        response = client.post(LOGIN, body, content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code == 413 and "zu groß" in response.text
        assert list(tmp_path.iterdir()) == []  # nothing spooled to disk
        assert not SecurityEvent.objects.exists()  # the log-in form never ran

    def test_the_limit_is_a_setting_and_a_body_below_it_passes(self, client, settings):
        settings.MAX_REQUEST_BYTES = 1000
        small = {"username": "nobody", "password": "x"}
        assert client.post(LOGIN, small).status_code == 200
        large = client.post("/en" + LOGIN, {**small, "padding": "x" * 2000})
        assert large.status_code == 413 and large.text == "The request is too large."

    def test_defaults_leave_room_for_the_knowledge_import(self):
        from django.conf import settings

        from triggerfinder.core.bounds import KNOWLEDGE_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES

        assert MAX_DOCUMENT_BYTES < settings.MAX_REQUEST_BYTES <= 10 * 1024 * 1024
        assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= MAX_DOCUMENT_BYTES
        assert settings.MIDDLEWARE[0] == "clinic.middleware.RequestSizeLimitMiddleware"


@pytest.mark.django_db
def test_no_log_line_names_a_client_or_carries_a_query_string(therapist_client, caplog):
    """Django's and the app's log lines (gunicorn's error log) hold paths and ids only."""
    import logging

    make_client(get_user_model().objects.get(username="lena"), first_name="Gisela", last_name="Quellenberg")
    with caplog.at_level(logging.DEBUG):
        therapist_client.get("/clients/", {"q": "Quellenberg"})
        therapist_client.get("/clients/999999/", {"q": "Quellenberg"})  # a 404 is logged
        therapist_client.post("/api/plan-preview/", {"region": "neck", "contraindication": "fever"})
        therapist_client.get("/api/finder/", {"region": "neck", "x": "Quellenberg"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/clients/999999/" in logged  # the log is on
    for secret in ("Quellenberg", "Gisela", "fever", "q=", "?"):
        assert secret not in logged, secret
