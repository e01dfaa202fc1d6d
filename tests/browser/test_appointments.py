"""The appointment book in a real browser: the week and the day of a therapist, a cancellation by
the client from the day page, axe on both, at a desktop width and on a phone."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, log_in, screenshot
from tests.conftest import PASSWORD, make_client, make_user
from triggerfinder.models import Appointment, WorkingHours
from triggerfinder.security import roles
from triggerfinder.services import appointments


@pytest.fixture
def booked(transactional_db, settings):
    """Lena works every day 9–18; Łukasz Öztürk has an appointment tomorrow at 10:00."""
    settings.TRIGGERFINDER_HOLIDAYS = None
    lena = make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")
    for weekday in range(7):
        WorkingHours.objects.create(
            therapist=lena, weekday=weekday, start=datetime.time(9), end=datetime.time(18)
        )
    client = make_client(lena, first_name="Łukasz", last_name="Öztürk & Söhne <GmbH>")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    zone = ZoneInfo(str(timezone.get_default_timezone()))
    start = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=zone)
    return appointments.appointment_book(therapist=lena, client=client, start=start, duration_minutes=60)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_week_and_the_day_show_the_appointment_and_a_cancellation_sticks(page, site, booked, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, site, "lena", PASSWORD)
    day = timezone.localtime(booked.start).date()
    page.goto(f"{site}/appointments/week/{day.isoformat()}/")
    expect(page.get_by_text("Öztürk & Söhne <GmbH>").first).to_be_visible()
    check_accessibility(page, f"week at {width} px")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if width == 1366:
        screenshot(page, "week", full_page=True)

    page.goto(f"{site}/appointments/day/{day.isoformat()}/")
    expect(page.get_by_text("10:00").first).to_be_visible()
    check_accessibility(page, f"day at {width} px")
    page.get_by_role("link", name=_("Cancel…")).click()
    expect(page.get_by_role("button", name=_("Cancelled by the client"))).to_be_visible()
    page.get_by_role("button", name=_("Cancelled by the client")).click()
    expect(page.get_by_role("button", name=_("Cancelled by the client"))).to_have_count(0)
    booked.refresh_from_db()
    assert booked.status in (Appointment.Status.CANCELLED_BY_CLIENT, Appointment.Status.CANCELLED_LATE)


def test_an_appointment_is_moved_from_the_week_by_keyboard(page, site, booked):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, site, "lena", PASSWORD)
    day = timezone.localtime(booked.start).date()
    page.goto(f"{site}/appointments/week/{day.isoformat()}/")
    page.get_by_role("link", name=_("Move"), exact=True).focus()
    page.keyboard.press("Enter")
    slot = page.get_by_role("button", name="14:00")
    expect(slot).to_be_visible()
    expect(page.locator("[data-tf-panel] input[name=day]")).to_be_focused()
    check_accessibility(page, "move panel at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "move", full_page=True)
    slot.focus()
    page.keyboard.press("Enter")
    expect(page.locator("time", has_text="14:00").first).to_be_visible()
    expect(page.locator("[data-tf-panel]")).to_have_count(0)
    booked.refresh_from_db()
    assert timezone.localtime(booked.start).hour == 14
