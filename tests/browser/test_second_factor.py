"""The first log-in in a real browser: enrol an authenticator app from the QR page (under the app's
CSP, which a violation would fail), then the printable recovery codes."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility
from tests.conftest import PASSWORD, make_user
from triggerfinder.security import roles


@pytest.fixture
def lena(transactional_db):
    return make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")


def code_for(manual_key: str) -> str:
    """What the authenticator app shows for the key typed in by hand."""
    key = manual_key.replace(" ", "")
    return f"{TOTP(b32decode(key + '=' * (-len(key) % 8))).token():06d}"


def test_first_log_in_enrols_and_shows_recovery_codes(page, site, lena):
    page.goto(f"{site}/clients/")
    page.locator("#id_username").fill("lena")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: "/account/second-factor/setup/" in url)
    expect(page.locator(".tf-qr-code svg")).to_be_visible()
    check_accessibility(page, "second-factor setup")
    page.locator("#id_otp_token").fill(code_for(page.locator(".tf-manual-key").inner_text()))
    page.locator("#id_otp_token").press("Enter")
    expect(page.get_by_role("heading", name="Wiederherstellungscodes")).to_be_visible()
    expect(page.locator(".tf-code-list li")).to_have_count(10)
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    check_accessibility(page, "recovery codes")
    page.get_by_role("link", name="Codes aufbewahrt, weiter").click()
    page.wait_for_url(lambda url: url.endswith("/clients/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
