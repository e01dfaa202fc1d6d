"""The second factor for every account (security checklist A4): log-in, enrolment, recovery codes,
the closed app for a session that gave the password only, and the trial switch."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, make_client, make_user
from tests.test_access import ALL_PATTERNS, PUBLIC, PUBLIC_API, PUBLIC_SECRET, sample_url
from triggerfinder.security import roles

SETUP = "/account/second-factor/setup/"
VERIFY = "/account/second-factor/verify/"
UNIFORM_DE = "Benutzername, Passwort oder Einmalcode ist nicht korrekt."
UNIFORM_EN = "User name, password or one-time code is not correct."

# What a session that gave the password only may still reach, besides the public pages.
REACHABLE_UNVERIFIED = {"logout", "admin:logout"}
# The pages that ask for the code (each sends to the other when it is the wrong one).
SECOND_FACTOR_PAGES = {"triggerfinder:second-factor-setup", "triggerfinder:second-factor-verify"}


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def recovery_sheet(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    for code in codes:
        device.token_set.create(token=code)
    return device


def after_throttle(failures: int = 1) -> None:
    """django-otp makes a device wait a second after a wrong code, doubling with each one."""
    time.sleep(2 ** (failures - 1) + 0.1)


def without_csrf(text: str) -> str:
    """A page's text without its per-response CSRF token, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.fixture
def superuser(db):
    return make_user("ada", is_staff=True, is_superuser=True)


@pytest.mark.django_db
class TestPasswordAloneReadsNothing:
    def test_superuser_with_the_password_only_cannot_read_a_client_or_export(self, client, superuser):
        record = make_client(superuser)
        response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
        assert response.status_code == 302  # no device yet: logged in, to enrol
        for url in (f"/clients/{record.pk}/", f"/clients/{record.pk}/export.json", "/clients/", "/admin/"):
            answer = client.get(url)
            assert answer.status_code == 302 and answer["Location"].startswith(SETUP), url
        assert "Mustermann" not in client.get(f"/clients/{record.pk}/", follow=True).text

    def test_enrolled_superuser_needs_the_code_to_log_in_at_all(self, client, superuser):
        authenticator(superuser)
        response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
        assert response.status_code == 200 and UNIFORM_DE in response.text
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize("enrolled", [False, True], ids=["not-enrolled", "enrolled"])
    @pytest.mark.parametrize(("name", "converters"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
    def test_every_other_page_sends_an_unverified_session_to_the_second_factor(
        self, client, superuser, name, converters, enrolled
    ):
        if enrolled:
            authenticator(superuser)
        client.force_login(superuser, second_factor=False)
        response = client.get(sample_url(name, converters))
        target = urlsplit(response.get("Location", "")).path
        if name in SECOND_FACTOR_PAGES:
            assert response.status_code in {200, 302}, name
            return
        if name == "admin:login":  # the admin's log-in asks for the code, too
            assert target == VERIFY, target
            return
        if name in PUBLIC | PUBLIC_API | PUBLIC_SECRET | REACHABLE_UNVERIFIED:
            assert target not in {SETUP, VERIFY}, name
            return
        assert response.status_code == 302, f"{name} answered {response.status_code}"
        assert target == (VERIFY if enrolled else SETUP), f"{name} redirects to {target}"

    def test_a_change_is_refused_too(self, client, superuser):
        client.force_login(superuser, second_factor=False)
        response = client.post(reverse("triggerfinder:client-create"), {"first_name": "X", "last_name": "Y"})
        assert response.status_code == 302 and response["Location"] == SETUP
        from triggerfinder.models import Client

        assert not Client.objects.exists()


@pytest.mark.django_db
class TestEnrolment:
    def test_first_log_in_shows_a_qr_code_and_confirms_with_a_code(self, client):
        user = make_user("lena", role=roles.THERAPIST)
        client.post("/accounts/login/", {"username": "lena", "password": PASSWORD})
        page = client.get(client.get("/clients/")["Location"])
        assert page.status_code == 200 and "<svg" in page.text and "<script>" not in page.text
        assert "style=" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        key = page.context["manual_key"].replace(" ", "")
        assert key and key in page.text.replace(" ", "")
        assert client.get(SETUP).context["manual_key"].replace(" ", "") == key  # same on reload

        refused = client.post(SETUP, {"otp_token": "000000"})
        assert refused.status_code == 200 and "<svg" in refused.text
        assert "Dieser Code passt nicht" in refused.text
        device.refresh_from_db()
        assert not device.confirmed and client.get("/clients/").status_code == 302

        after_throttle()
        done = client.post(SETUP, {"otp_token": current_code(device), "next": "/clients/"})
        assert done.status_code == 200
        codes = done.context["codes"]
        assert len(codes) == 10 and all(code in done.text for code in codes)
        assert "data-tf-print" in done.text and 'href="/clients/"' in done.text
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/clients/").status_code == 200  # the session is verified
        assert client.get(SETUP)["Location"] == "/account/second-factor/"  # nothing to set up

    def test_a_stolen_password_cannot_add_an_authenticator_to_an_enrolled_account(self, client):
        user = make_user("lena", role=roles.THERAPIST)
        recovery_sheet(user, "abcd2345")
        client.force_login(user, second_factor=False)
        assert client.get(SETUP)["Location"] == VERIFY
        assert client.post(SETUP, {"otp_token": "123456"})["Location"] == VERIFY
        assert not TOTPDevice.objects.filter(user=user).exists()

    def test_english_page(self, client):
        user = make_user("lena")
        client.force_login(user, second_factor=False)
        page = client.get("/en" + SETUP)
        assert "Set up the second factor" in page.text and "QR code" in page.text


@pytest.mark.django_db
class TestRecoveryCodes:
    def test_a_recovery_code_logs_in_once_and_only_once(self, client):
        user = make_user("lena", role=roles.THERAPIST)
        recovery_sheet(user, "abcd2345", "efgh6723")
        form = {"username": "lena", "password": PASSWORD, "otp_token": "ABCD 2345"}
        assert client.post("/accounts/login/", form)["Location"] == "/"
        assert client.get("/clients/").status_code == 200
        client.post("/accounts/logout/")
        again = client.post("/accounts/login/", form)
        assert again.status_code == 200 and UNIFORM_DE in again.text
        after_throttle()
        assert client.post("/accounts/login/", {**form, "otp_token": "efgh6723"})["Location"] == "/"

    def test_new_codes_replace_the_old_ones(self, client):
        user = make_user("lena", role=roles.THERAPIST)
        recovery_sheet(user, "abcd2345")
        StaticDevice.objects.create(user=user, name="backup").token_set.create(token="shell123")
        client.force_login(user)
        account = client.get("/account/second-factor/")
        assert account.status_code == 200 and "Neue Wiederherstellungscodes" in account.text
        fresh = client.post("/account/second-factor/recovery-codes/").context["codes"]
        assert len(fresh) == 10
        client.logout()
        form = {"username": "lena", "password": PASSWORD, "otp_token": "abcd2345"}
        assert client.post("/accounts/login/", form).status_code == 200  # the old code is gone
        after_throttle()
        assert client.post("/accounts/login/", {**form, "otp_token": "shell123"}).status_code == 200
        after_throttle(failures=2)
        assert client.post("/accounts/login/", {**form, "otp_token": fresh[0]}).status_code == 302

    def test_an_unverified_session_cannot_mint_codes_even_in_the_trial(self, client, settings):
        settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False
        user = make_user("lena")
        recovery_sheet(user, "abcd2345")
        client.force_login(user, second_factor=False)
        response = client.post("/account/second-factor/recovery-codes/")
        assert response.status_code == 302 and response["Location"] == VERIFY
        assert list(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True)) == [
            "abcd2345"
        ]


@pytest.mark.django_db
class TestVerification:
    def test_a_session_without_the_code_gives_it_and_goes_on(self, client):
        user = make_user("lena", role=roles.THERAPIST)
        recovery_sheet(user, "abcd2345")
        client.force_login(user, second_factor=False)
        response = client.get("/clients/")
        assert response["Location"] == VERIFY + "?next=%2Fclients%2F"
        wrong = client.post(VERIFY, {"otp_token": "zzzz9999", "next": "/clients/"})
        assert wrong.status_code == 200 and "Dieser Einmalcode ist nicht korrekt." in wrong.text
        after_throttle()
        right = client.post(VERIFY, {"otp_token": "abcd2345", "next": "/clients/"})
        assert right["Location"] == "/clients/"
        assert client.get("/clients/").status_code == 200

    def test_a_foreign_next_is_not_followed(self, client):
        user = make_user("lena")
        recovery_sheet(user, "abcd2345")
        client.force_login(user, second_factor=False)
        response = client.post(VERIFY, {"otp_token": "abcd2345", "next": "https://evil.example/"})
        assert response["Location"] == "/"


@pytest.mark.django_db
class TestOneMessageForEveryMistake:
    @pytest.mark.parametrize(("prefix", "message"), [("", UNIFORM_DE), ("/en", UNIFORM_EN)])
    @pytest.mark.parametrize("next_url", ["/clients/", "/admin/"], ids=["app", "admin"])
    def test_wrong_password_and_wrong_code_answer_alike(self, client, superuser, prefix, message, next_url):
        device = authenticator(superuser)
        url = f"{prefix}/accounts/login/?next={next_url}"
        base = {"username": "ada", "next": next_url}
        wrong_password = client.post(url, {**base, "password": "wrong", "otp_token": current_code(device)})
        wrong_code = client.post(url, {**base, "password": PASSWORD, "otp_token": "000000"})
        no_code = client.post(url, {**base, "password": PASSWORD})
        assert wrong_password.status_code == wrong_code.status_code == no_code.status_code == 200
        assert message in wrong_code.text
        assert (
            without_csrf(wrong_password.text) == without_csrf(wrong_code.text) == without_csrf(no_code.text)
        )

    def test_the_admin_has_no_log_in_form_that_could_tell_them_apart(self, client, superuser):
        device = authenticator(superuser)
        base = {"username": "ada", "next": "/admin/"}
        wrong_password = client.post(
            "/admin/login/?next=/admin/", {**base, "password": "x", "otp_token": "1"}
        )
        wrong_code = client.post(
            "/admin/login/?next=/admin/", {**base, "password": PASSWORD, "otp_token": current_code(device)}
        )
        assert wrong_password.status_code == wrong_code.status_code == 302
        assert wrong_password["Location"] == wrong_code["Location"] == "/accounts/login/?next=/admin/"
        assert wrong_password.content == wrong_code.content
        assert client.get("/admin/").status_code == 302  # the admin's form logged no one in

    def test_a_wrong_code_counts_as_a_failed_log_in(self, client, superuser):
        from triggerfinder.models import SecurityEvent

        authenticator(superuser)
        client.post("/accounts/login/", {"username": "ada", "password": PASSWORD, "otp_token": "000000"})
        assert SecurityEvent.objects.filter(kind="login-failed", username="ada").exists()
        assert not SecurityEvent.objects.filter(kind="login").exists()

    def test_a_right_code_logs_in_verified(self, client, superuser):
        device = authenticator(superuser)
        form = {"username": "ada", "password": PASSWORD, "otp_token": current_code(device), "next": "/admin/"}
        assert client.post("/accounts/login/?next=/admin/", form)["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
class TestTrialSwitch:
    def test_off_lets_the_password_alone_in_read_at_request_time(self, client, settings, superuser):
        client.force_login(superuser, second_factor=False)
        assert client.get("/clients/").status_code == 302
        settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False
        assert client.get("/clients/").status_code == 200
        assert client.get("/admin/").status_code == 200
        settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = True
        assert client.get("/clients/").status_code == 302

    def test_off_still_checks_a_code_that_is_given(self, client, settings, superuser):
        settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False
        recovery_sheet(superuser, "abcd2345")
        form = {"username": "ada", "password": PASSWORD}
        assert client.post("/accounts/login/", {**form, "otp_token": "wrong999"}).status_code == 200
        after_throttle()
        assert client.post("/accounts/login/", form).status_code == 302
        assert client.get("/account/second-factor/").status_code == 200

    def test_the_setting_defaults_to_on(self):
        from django.conf import settings as django_settings

        from triggerfinder.conf import conf

        assert django_settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR is True and conf.REQUIRE_SECOND_FACTOR


def test_a_required_second_factor_without_its_middleware_is_warned_about(settings):
    from triggerfinder.checks import check_second_factor

    assert check_second_factor() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecondFactor" not in m]
    assert [w.id for w in check_second_factor()] == ["triggerfinder.W002"]
    settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False
    assert check_second_factor() == []


def test_make_run_is_the_trial_and_only_it():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "REQUIRE_SECOND_FACTOR=$${REQUIRE_SECOND_FACTOR:-0}" in makefile
    assert (
        "$(TRIAL) PYTHON_BIN=$(BIN)/python scripts/with-workers.sh 1 $(BIN)/python manage.py runserver"
        in makefile
    )
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "REQUIRE_SECOND_FACTOR" not in serve
