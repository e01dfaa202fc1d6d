"""The calendar exports through the views (issue 17, item 6): a plan's appointments for the client
and a therapist's private feed. Each file is read with ``icalendar`` and with
``recurring_ical_events`` (an independent reader), and with Debian's ``khal`` where installed."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.test import Client as DjangoClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_client, make_user
from tests.test_access_log import plan_for
from tests.test_appointments_views import open_all_week
from triggerfinder.models import (
    AccessLogEntry,
    Appointment,
    CalendarFeed,
    Client,
    Contraindication,
    PlannedSession,
    Room,
)
from triggerfinder.security import roles
from triggerfinder.selectors.availability import public_holidays
from triggerfinder.services import appointments as service
from triggerfinder.services import calendar_feed, findings, plans

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE_FIRST = "Łukasz"
HOSTILE_LAST = "Öztürk & Söhne <GmbH>; Zweig, Nord\nzweite Zeile"
NOTES = "Schmerz beim Aufstehen"  # the intake's notes (tests/test_intake.py)


def workday(day: datetime.date) -> datetime.date:
    """``day`` or the next day that is no public holiday."""
    while day in public_holidays(day, day):
        day += timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def dst_change_after(day: datetime.date) -> datetime.date:
    """The next day on which Berlin changes its UTC offset."""
    while at(day, 12).utcoffset() == at(day + timedelta(days=1), 12).utcoffset():
        day += timedelta(days=1)
    return day + timedelta(days=1)


def red_flag(client, therapist) -> None:
    """An uncleared emergency finding recorded at a visit: the gate blocks the client."""
    findings.finding_record(
        client=client, contraindication=Contraindication.objects.get(slug="saddle-numbness"), user=therapist
    )


def book(therapist, client, start, **extra) -> Appointment:
    return service.appointment_book(
        therapist=therapist,
        client=client,
        start=start,
        duration_minutes=45,
        now=start - timedelta(days=7),
        **extra,
    )


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@praxis-test.triggerfinder"


def stamps(calendar: icalendar.Calendar) -> set[datetime.datetime]:
    return {event["DTSTAMP"].dt for event in calendar.walk("VEVENT")}


def khal_reads(tmp_path: Path, body: bytes) -> str:
    """What Debian's khal prints for the file (skipped when it is not installed)."""
    khal = shutil.which("khal")
    if khal is None:
        pytest.skip("khal is not installed")
    path = tmp_path / "export.ics"
    path.write_bytes(body)
    done = subprocess.run(
        [khal, "printics", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(autouse=True)
def practice(settings):
    settings.TRIGGERFINDER_PRACTICE_NAME = "Praxis Test"
    settings.TRIGGERFINDER_PRACTICE_ADDRESS = "Hauptstraße 1\n01067 Dresden"


@pytest.fixture
def accepted(therapist_client, therapist):
    """An accepted plan for the hostile client, the therapist's week open."""
    open_all_week(therapist)
    plan = plan_for(therapist_client)
    plans.plan_accept(plan=plan, user=therapist)
    # Accepting booked the sessions; the tests book the times they need themselves.
    Appointment.objects.filter(planned_session__plan=plan).delete()
    Client.objects.filter(pk=plan.client.pk).update(first_name=HOSTILE_FIRST, last_name=HOSTILE_LAST)
    plan.client.refresh_from_db()
    return plan


def sessions(plan) -> list[PlannedSession]:
    return list(plan.sessions.filter(status__in=PlannedSession.OPEN).order_by("date", "pk"))


def plan_url(plan) -> str:
    return reverse("triggerfinder:plan-calendar", args=[plan.pk])


@pytest.mark.django_db
class TestPlanExport:
    def test_the_plans_appointments_at_their_real_times_with_room_and_address(
        self, therapist_client, therapist, accepted
    ):
        room = Room.objects.create(name="Raum 2")
        first, second, third = sessions(accepted)[:3]
        change = dst_change_after(timezone.localdate() + timedelta(days=7))
        before = book(
            therapist, accepted.client, at(workday(change - timedelta(days=3)), 10), planned_session=first
        )
        after = book(
            therapist,
            accepted.client,
            at(workday(change + timedelta(days=1)), 10),
            planned_session=second,
            room=room,
        )
        gone = book(
            therapist, accepted.client, at(workday(change + timedelta(days=3)), 16), planned_session=third
        )
        service.appointment_cancel(appointment=gone, by_client=True)
        earlier = timezone.now()
        calendar = parse(therapist_client.get(plan_url(accepted)))
        events = by_uid(calendar)
        # Only the booked ones: the planned sessions without an appointment are not in the file.
        assert set(events) == {uid(before), uid(after), uid(gone)}
        assert str(events[uid(after)]["LOCATION"]) == "Praxis Test, Hauptstraße 1, 01067 Dresden, Raum 2"
        assert str(events[uid(before)]["STATUS"]) == "CONFIRMED"
        assert str(events[uid(gone)]["STATUS"]) == "CANCELLED"
        assert events[uid(gone)]["SEQUENCE"] == 1  # booked (version 1), cancelled (2)
        assert events[uid(before)]["SEQUENCE"] == 0
        assert str(events[uid(before)]["SUMMARY"]) == f"Triggerpunkt-Behandlung 1 von {accepted.cycle_length}"
        assert events[uid(before)]["DTEND"].dt - events[uid(before)]["DTSTART"].dt == timedelta(minutes=45)
        # DTSTAMP is the time of the export.
        [stamp] = stamps(calendar)
        assert earlier - timedelta(seconds=1) <= stamp <= timezone.now()
        # The independent reader: the events between two dates, in Berlin time over the DST change.
        reader = recurring_ical_events.of(calendar)
        window = reader.between(at(change - timedelta(days=4), 0), at(change + timedelta(days=5), 0))
        found = {str(e["UID"]): e["DTSTART"].dt for e in window}
        assert set(found) == {uid(before), uid(after), uid(gone)}
        assert found[uid(before)].hour == found[uid(after)].hour == 10
        assert found[uid(before)].utcoffset() != found[uid(after)].utcoffset()
        assert {found[key].utcoffset() for key in found} == {timedelta(hours=1), timedelta(hours=2)}
        assert reader.between(at(change + timedelta(days=6), 0), at(change + timedelta(days=7), 0)) == []

    def test_a_move_raises_the_sequence_and_keeps_the_uid(self, therapist_client, therapist, accepted):
        first = sessions(accepted)[0]
        day = workday(timezone.localdate() + timedelta(days=14))
        appointment = book(therapist, accepted.client, at(day, 9), planned_session=first)
        before = by_uid(parse(therapist_client.get(plan_url(accepted))))[uid(appointment)]
        service.appointment_move(
            appointment=appointment, start=at(day, 11), now=at(day, 0) - timedelta(days=7)
        )
        after = by_uid(parse(therapist_client.get(plan_url(accepted))))[uid(appointment)]
        assert after["SEQUENCE"] == before["SEQUENCE"] + 1
        assert (before["DTSTART"].dt.hour, after["DTSTART"].dt.hour) == (9, 11)

    def test_a_plan_without_appointments_gives_its_planned_dates_as_before(self, therapist_client, accepted):
        events = by_uid(parse(therapist_client.get(plan_url(accepted))))
        dates = [s.date for s in accepted.sessions.exclude(status=PlannedSession.Status.CANCELLED)]
        assert sorted(e["DTSTART"].dt.date() for e in events.values()) == sorted(dates)
        assert all(key.endswith(f".plan-{accepted.pk}@praxis-test.triggerfinder") for key in events)
        assert {str(e["STATUS"]) for e in events.values()} == {"CONFIRMED"}

    def test_hostile_names_survive_and_no_health_data(self, therapist_client, therapist, accepted):
        book(
            therapist,
            accepted.client,
            at(workday(timezone.localdate() + timedelta(days=9)), 9),
            planned_session=sessions(accepted)[0],
        )
        body = therapist_client.get(plan_url(accepted)).content.decode()
        assert NOTES not in body and "blood" not in body.lower() and "Blutverdünn" not in body
        parse_again = icalendar.Calendar.from_ical(body)
        assert parse_again.walk("VEVENT")

    def test_the_gate_still_refuses_a_blocked_client(self, therapist_client, therapist, accepted):
        book(
            therapist,
            accepted.client,
            at(workday(timezone.localdate() + timedelta(days=9)), 9),
            planned_session=sessions(accepted)[0],
        )
        red_flag(accepted.client, therapist)
        response = therapist_client.get(plan_url(accepted))
        assert response.status_code == 302

    def test_khal_reads_the_plan_export(self, therapist_client, therapist, accepted, tmp_path):
        book(
            therapist,
            accepted.client,
            at(workday(timezone.localdate() + timedelta(days=9)), 9),
            planned_session=sessions(accepted)[0],
        )
        printed = khal_reads(tmp_path, therapist_client.get(plan_url(accepted)).content)
        assert "Triggerpunkt-Behandlung 1 von" in printed


def feed_url(token: str) -> str:
    return reverse("triggerfinder:calendar-feed", args=[token])


SETTINGS_URL = "/account/calendar-feed/"


@pytest.mark.django_db
class TestFeed:
    def test_lists_the_therapists_appointments_with_initials_and_nothing_of_health(self, therapist, accepted):
        today = timezone.localdate()
        first, second = sessions(accepted)[:2]
        soon = book(
            therapist, accepted.client, at(workday(today + timedelta(days=5)), 9), planned_session=first
        )
        gone = book(
            therapist, accepted.client, at(workday(today + timedelta(days=6)), 9), planned_session=second
        )
        service.appointment_cancel(appointment=gone, by_client=False)
        too_far = book(therapist, accepted.client, at(workday(today + timedelta(days=200)), 9))
        tobias = make_user("tobias", role=roles.THERAPIST, first_name="Tobias", last_name="Brandt")
        open_all_week(tobias)
        others = book(
            tobias,
            make_client(tobias, first_name="Max", last_name="Zander"),
            at(workday(today + timedelta(days=5)), 9),
        )
        token = calendar_feed.feed_issue(user=therapist)
        calendar_feed.feed_issue(user=tobias)
        earlier = timezone.now()
        response = DjangoClient().get(feed_url(token))  # no log-in: the URL is the secret
        assert response["Cache-Control"] == "private, no-store" and not response.cookies
        body = response.content.decode()
        calendar = parse(response)
        events = by_uid(calendar)
        assert set(events) == {uid(soon), uid(gone)}  # not another therapist's, not beyond the window
        assert uid(others) not in body and uid(too_far) not in body and "Zander" not in body
        assert str(events[uid(soon)]["SUMMARY"]) == "Ł. Ö."
        assert "Öztürk" not in body and "Łukasz" not in body
        assert str(events[uid(gone)]["STATUS"]) == "CANCELLED"
        assert (
            str(events[uid(soon)]["DESCRIPTION"]) == f"Triggerpunkt-Behandlung 1 von {accepted.cycle_length}"
        )
        assert NOTES not in body and "Blutverdünn" not in body and "blood" not in body.lower()
        for focus in accepted.focus.select_related("muscle"):
            assert focus.muscle.name_de not in body and focus.muscle.slug not in body
        [stamp] = stamps(calendar)
        assert earlier - timedelta(seconds=1) <= stamp <= timezone.now()
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
        # Audited as an access, in the name of the feed's therapist.
        assert (
            AccessLogEntry.objects.filter(
                user=therapist, client=accepted.client, action=AccessLogEntry.Action.CALENDAR_FEED
            ).count()
            == 1
        )
        # The independent reader finds the booked time.
        window = recurring_ical_events.of(calendar).between(today, today + timedelta(days=30))
        assert {str(e["UID"]) for e in window} == {uid(soon), uid(gone)}

    def test_full_names_with_the_setting_survive_hostile_characters(self, therapist, accepted):
        appointment = book(
            therapist, accepted.client, at(workday(timezone.localdate() + timedelta(days=5)), 9)
        )
        token = calendar_feed.feed_issue(user=therapist)
        with override_settings(TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES=True):
            events = by_uid(parse(DjangoClient().get(feed_url(token))))
        assert str(events[uid(appointment)]["SUMMARY"]) == f"{HOSTILE_FIRST} {HOSTILE_LAST}"

    def test_a_blocked_client_keeps_the_booked_time_without_the_plan(self, therapist, accepted):
        appointment = book(
            therapist,
            accepted.client,
            at(workday(timezone.localdate() + timedelta(days=5)), 9),
            planned_session=sessions(accepted)[0],
        )
        red_flag(accepted.client, therapist)
        token = calendar_feed.feed_issue(user=therapist)
        body = DjangoClient().get(feed_url(token))
        event = by_uid(parse(body))[uid(appointment)]
        assert str(event["STATUS"]) == "CONFIRMED" and str(event["SUMMARY"]) == "Ł. Ö."
        assert "DESCRIPTION" not in event
        assert "saddle" not in body.content.decode().lower() and "Reithose" not in body.content.decode()

    def test_a_wrong_revoked_or_replaced_token_is_a_404(self, therapist):
        old = calendar_feed.feed_issue(user=therapist)
        assert DjangoClient().get(feed_url(old)).status_code == 200
        assert DjangoClient().get(feed_url(old[:-1] + ("A" if old[-1] != "A" else "B"))).status_code == 404
        assert DjangoClient().get(feed_url("x")).status_code == 404
        new = calendar_feed.feed_issue(user=therapist)
        assert DjangoClient().get(feed_url(old)).status_code == 404
        assert DjangoClient().get(feed_url(new)).status_code == 200
        assert calendar_feed.feed_revoke(user=therapist)
        assert DjangoClient().get(feed_url(new)).status_code == 404
        assert not calendar_feed.feed_revoke(user=therapist)
        # Only the digest is stored.
        stored = CalendarFeed.objects.get(therapist=therapist)
        assert new not in stored.token_hash and len(stored.token_hash) == 64

    def test_a_deactivated_therapists_feed_is_closed(self, therapist):
        token = calendar_feed.feed_issue(user=therapist)
        therapist.is_active = False
        therapist.save()
        assert DjangoClient().get(feed_url(token)).status_code == 404

    def test_khal_reads_the_feed(self, therapist, accepted, tmp_path):
        book(therapist, accepted.client, at(workday(timezone.localdate() + timedelta(days=5)), 9))
        token = calendar_feed.feed_issue(user=therapist)
        printed = khal_reads(tmp_path, DjangoClient().get(feed_url(token)).content)
        assert "Ł. Ö." in printed


@pytest.mark.django_db
class TestFeedPage:
    def test_make_show_once_replace_and_revoke(self, therapist_client, therapist):
        page = therapist_client.get(SETTINGS_URL)
        assert page.status_code == 200 and 'data-feed-state="none"' in page.text
        made = therapist_client.post(SETTINGS_URL, {"action": "issue"})
        assert made.status_code == 200 and 'data-feed-state="shown"' in made.text
        assert "no-store" in made["Cache-Control"]
        url = re.search(r'value="(http[^"]+/feed/[A-Za-z0-9_-]+\.ics)"', made.text).group(1)
        path = url.split("testserver", 1)[1]
        assert DjangoClient().get(path).status_code == 200
        again = therapist_client.get(SETTINGS_URL)
        assert 'data-feed-state="active"' in again.text and path not in again.text  # shown once
        replaced = therapist_client.post(SETTINGS_URL, {"action": "issue"})
        assert DjangoClient().get(path).status_code == 404
        new_path = re.search(r'value="http://testserver([^"]+)"', replaced.text).group(1)
        assert new_path != path and DjangoClient().get(new_path).status_code == 200
        revoked = therapist_client.post(SETTINGS_URL, {"action": "revoke"}, follow=True)
        assert 'data-feed-state="revoked"' in revoked.text
        assert DjangoClient().get(new_path).status_code == 404

    def test_an_unknown_action_changes_nothing(self, therapist_client, therapist):
        answer = therapist_client.post(SETTINGS_URL, {"action": "drop tables"}, follow=True)
        assert answer.status_code == 200 and not CalendarFeed.objects.exists()
        assert "Choose what to do with the calendar feed." in answer.text or "Kalender" in answer.text

    def test_the_navigation_links_the_page(self, therapist_client):
        assert 'href="/account/calendar-feed/"' in therapist_client.get("/").text


@pytest.mark.django_db
def test_the_feed_reads_in_a_fixed_number_of_queries(therapist, accepted):
    """However many appointments and clients: one read of the appointments, the list decisions, the
    access log in one insert."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = calendar_feed.feed_issue(user=therapist)
    day = workday(timezone.localdate() + timedelta(days=5))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert DjangoClient().get(feed_url(token)).status_code == 200
        return len(queries)

    book(therapist, accepted.client, at(day, 8))
    few = count()
    for hour in range(9, 15):
        book(therapist, make_client(therapist, first_name="Jana", last_name=f"K{hour}"), at(day, hour))
    assert count() == few


@pytest.mark.django_db
def test_an_administrator_revokes_a_feed_and_never_sees_its_secret(client, therapist):
    from tests.conftest import login_verified

    token = calendar_feed.feed_issue(user=therapist)
    feed = CalendarFeed.objects.get(therapist=therapist)
    login_verified(client, make_user("ada", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:triggerfinder_calendarfeed_changelist"))
    assert listing.status_code == 200 and feed.token_hash not in listing.text and token not in listing.text
    detail = client.get(reverse("admin:triggerfinder_calendarfeed_change", args=[feed.pk]))
    assert detail.status_code == 200 and feed.token_hash not in detail.text
    answer = client.post(
        reverse("admin:triggerfinder_calendarfeed_changelist"),
        {"action": "revoke", "_selected_action": [feed.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    assert DjangoClient().get(feed_url(token)).status_code == 404
