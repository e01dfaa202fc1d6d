"""The appointment book's day and week views, the status actions and today on the home page
(issue 17, item 5), through the Django test client with appointments booked by the services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests.conftest import make_client, make_user
from tests.test_access_log import plan_for
from triggerfinder.models import AccessLogEntry, Appointment, PlannedSession, SecurityEvent, WorkingHours
from triggerfinder.security import roles
from triggerfinder.services import appointments as service
from triggerfinder.services import plans

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)  # a past Monday without holidays in Saxony: its appointments have begun
FUTURE = date(2027, 3, 1)  # a Monday to come


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def open_all_week(therapist) -> None:
    for weekday in range(7):
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(0), end=time(23, 59))


def book(therapist, client, start, **extra) -> Appointment:
    return service.appointment_book(
        therapist=therapist,
        client=client,
        start=start,
        duration_minutes=30,
        now=start - timedelta(days=7),
        **extra,
    )


def day_url(day: date, **query) -> str:
    url = reverse("triggerfinder:appointment-day", args=[day])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def week_url(day: date) -> str:
    return reverse("triggerfinder:appointment-week", args=[day])


def status(http_client, appointment, action, **extra):
    return http_client.post(
        reverse("triggerfinder:appointment-status", args=[appointment.pk]),
        {"action": action, "version": appointment.version, **extra},
        follow=True,
    )


VOID = {"input", "meta", "link", "br", "img", "hr", "polygon", "ellipse", "path", "circle"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, (tag, self.open[-3:])


def assert_balanced(text: str) -> None:
    """Every element the page opens is closed, in order: no name broke out of its markup."""
    parser = _Balance()
    parser.feed(text)
    assert parser.open == []


@pytest.fixture
def tobias(db):
    user = make_user("tobias", role=roles.THERAPIST, first_name="Tobias", last_name="Brandt")
    open_all_week(user)
    return user


@pytest.fixture
def erika(therapist):
    open_all_week(therapist)
    return make_client(therapist)


@pytest.fixture
def max_client(tobias):
    return make_client(tobias, first_name="Max", last_name="Zander")


@pytest.mark.django_db
class TestDayAndWeek:
    def test_the_day_lists_its_appointments_only(self, therapist_client, therapist, erika):
        book(therapist, erika, at(MONDAY, 9))
        book(therapist, make_client(therapist, first_name="Jana", last_name="Kern"), at(MONDAY, 11))
        book(
            therapist,
            make_client(therapist, first_name="Otto", last_name="Lang"),
            at(MONDAY + timedelta(days=1), 9),
        )
        page = therapist_client.get(day_url(MONDAY))
        assert page.status_code == 200
        assert "Erika Mustermann" in page.text and "Jana Kern" in page.text and "Otto Lang" not in page.text
        assert page.text.index("Erika Mustermann") < page.text.index("Jana Kern")  # by start
        assert "09:00" in page.text and "09:30" in page.text
        assert day_url(MONDAY - timedelta(days=1)) in page.text
        assert day_url(MONDAY + timedelta(days=1)) in page.text

    def test_the_week_runs_monday_to_sunday(self, therapist_client, therapist, erika):
        sunday = MONDAY + timedelta(days=6)
        book(therapist, erika, at(MONDAY, 9))
        book(therapist, make_client(therapist, first_name="Sonja", last_name="Sonntag"), at(sunday, 10))
        book(
            therapist,
            make_client(therapist, first_name="Nora", last_name="Next"),
            at(sunday + timedelta(days=1), 9),
        )
        book(
            therapist,
            make_client(therapist, first_name="Paul", last_name="Prev"),
            at(MONDAY - timedelta(days=1), 9),
        )
        page = therapist_client.get(week_url(MONDAY + timedelta(days=3)))  # a Thursday: its week
        assert page.status_code == 200
        assert "Erika Mustermann" in page.text and "Sonja Sonntag" in page.text
        assert "Nora Next" not in page.text and "Paul Prev" not in page.text
        assert (
            week_url(MONDAY - timedelta(days=7)) in page.text
            and week_url(MONDAY + timedelta(days=7)) in page.text
        )

    def test_without_a_date_it_is_today_and_this_week(self, therapist_client):
        today = timezone.localdate()
        day = therapist_client.get(reverse("triggerfinder:appointment-today"))
        week = therapist_client.get(reverse("triggerfinder:appointment-this-week"))
        assert day.status_code == week.status_code == 200
        assert day_url(today + timedelta(days=1)) in day.text
        monday = today - timedelta(days=today.weekday())
        assert week_url(monday + timedelta(days=7)) in week.text

    def test_an_impossible_date_is_a_404(self, therapist_client):
        assert therapist_client.get("/appointments/day/2026-02-30/").status_code == 404

    def test_a_therapist_sees_only_their_own(self, therapist_client, therapist, erika, tobias, max_client):
        book(therapist, erika, at(MONDAY, 9))
        book(tobias, max_client, at(MONDAY, 9))
        for url in (day_url(MONDAY), week_url(MONDAY)):
            text = therapist_client.get(url).text
            assert "Erika Mustermann" in text and "Max Zander" not in text, url
            assert 'name="therapist"' not in text  # no filter for a therapist

    def test_the_lead_sees_every_therapist_in_columns_and_can_filter(
        self, client, therapist, erika, tobias, max_client
    ):
        lead = make_user("miriam", role=roles.PRACTICE_LEAD, first_name="Miriam", last_name="Adler")
        book(therapist, erika, at(MONDAY, 9))
        book(tobias, max_client, at(MONDAY, 9))
        client.force_login(lead)
        text = client.get(day_url(MONDAY)).text
        assert "Erika Mustermann" in text and "Max Zander" in text
        assert "Lena Hartmann" in text and "Tobias Brandt" in text and 'name="therapist"' in text
        assert f'id="tf-column-{therapist.pk}"' in text and f'id="tf-column-{tobias.pk}"' in text
        only = client.get(day_url(MONDAY, therapist=tobias.pk)).text
        assert "Max Zander" in only and "Erika Mustermann" not in only
        week = client.get(week_url(MONDAY)).text
        assert "Erika Mustermann" in week and "Max Zander" in week

    def test_names_are_escaped_in_every_entry(self, client, therapist, tobias):
        """Client, therapist and room names with markup in them, on the lead's day and week and
        the therapist's home page: the text shows, the markup never does, the page stays whole."""
        from triggerfinder.models import Room

        Room.objects.create(name='<b>Raum "1"</b>')
        tobias.first_name, tobias.last_name = "Łukasz", "Öztürk & Söhne <GmbH>"
        tobias.save()
        person = make_client(tobias, first_name="<script>alert(1)</script>", last_name="O'Brien & Co")
        book(tobias, person, at(MONDAY, 9))
        lead = make_user("miriam", role=roles.PRACTICE_LEAD)
        client.force_login(lead)
        for url in (day_url(MONDAY), week_url(MONDAY)):
            text = client.get(url).text
            assert escape(person.full_name) in text and "<script>alert" not in text
            assert "&lt;b&gt;Raum &quot;1&quot;&lt;/b&gt;" in text and "<b>Raum" not in text
            assert "Öztürk &amp; Söhne &lt;GmbH&gt;" in text and "<GmbH>" not in text
            assert f'aria-label="{escape(person.full_name)}, 09:00"' in text

            assert_balanced(text)

    def test_status_room_and_the_planned_session_number(self, therapist_client, therapist):
        open_all_week(therapist)
        plan = plan_for(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        Appointment.objects.filter(planned_session__plan=plan).delete()  # accepting booked them
        third = plan.sessions.get(kind=PlannedSession.Kind.CYCLE, number=3)
        appointment = book(therapist, plan.client, at(MONDAY, 9), planned_session=third)
        service.appointment_mark(appointment=appointment, status=Appointment.Status.DONE)
        text = therapist_client.get(day_url(MONDAY)).text
        assert f"3 von {plan.cycle_length}" in text and "erledigt" in text
        assert f"?planned={third.pk}" in text  # record the session for this planned session
        assert reverse("triggerfinder:client-handout", args=[plan.client.pk]) in text

    def test_each_client_shown_is_in_the_access_log(self, therapist_client, therapist, erika):
        book(therapist, erika, at(MONDAY, 9))
        before = AccessLogEntry.objects.filter(client=erika).count()
        therapist_client.get(day_url(MONDAY))
        therapist_client.get(week_url(MONDAY))
        assert AccessLogEntry.objects.filter(client=erika, action="view").count() == before + 2

    def test_a_restricted_record_is_left_out(self, therapist_client, therapist, erika):
        book(therapist, erika, at(MONDAY, 9))
        erika.restricted_at = timezone.now()
        erika.save()
        assert "Erika Mustermann" not in therapist_client.get(day_url(MONDAY)).text

    @pytest.mark.parametrize(
        ("language", "words"),
        [
            ("de", ("Nächster Tag", "gebucht")),
            ("en", ("Next day", "booked", "Cancel…")),
        ],
    )
    def test_both_languages(self, therapist_client, therapist, erika, language, words):
        book(therapist, erika, at(FUTURE, 9))
        with translation.override(language):
            url = day_url(FUTURE)
        text = therapist_client.get(url).text
        assert f'lang="{language}"' in text
        for word in words:
            assert word in text, (language, word)


@pytest.mark.django_db
class TestStatusActions:
    def test_mark_done_and_no_show(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))
        page = status(therapist_client, appointment, "done", next=day_url(MONDAY))
        appointment.refresh_from_db()
        assert appointment.status == "done" and "als erledigt markiert" in page.text
        assert page.redirect_chain[-1][0] == day_url(MONDAY)
        status(therapist_client, appointment, "no-show")
        appointment.refresh_from_db()
        assert appointment.status == "no-show"

    @pytest.mark.parametrize(
        ("action", "expected"),
        [("cancel-client", "cancelled-client"), ("cancel-practice", "cancelled-practice")],
    )
    def test_cancel(self, therapist_client, therapist, erika, action, expected):
        appointment = book(therapist, erika, at(FUTURE, 9))
        page = status(therapist_client, appointment, action)
        appointment.refresh_from_db()
        assert appointment.status == expected and "abgesagt" in page.text
        assert page.redirect_chain[-1][0] == day_url(FUTURE)  # back to its day without ``next``

    def test_a_clients_cancellation_within_the_notice_is_late(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))  # begun already: well within 24 hours
        page = status(therapist_client, appointment, "cancel-client")
        appointment.refresh_from_db()
        assert appointment.status == "cancelled-late" and "kurzfristig abgesagt" in page.text

    def test_an_unknown_action_changes_nothing(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))
        page = status(therapist_client, appointment, "delete")
        appointment.refresh_from_db()
        assert appointment.status == "booked" and "Unbekannte Aktion" in page.text

    def test_a_refused_action_shows_the_reason_in_the_users_language(
        self, therapist_client, therapist, erika
    ):
        future = book(therapist, erika, at(FUTURE, 9))
        page = status(therapist_client, future, "done")
        future.refresh_from_db()
        assert future.status == "booked" and "noch nicht begonnen" in page.text
        status(therapist_client, future, "cancel-practice")
        future.refresh_from_db()
        with translation.override("en"):
            page = status(therapist_client, future, "cancel-client")
        assert "only a booked appointment can be cancelled" in page.text
        future.refresh_from_db()
        assert future.status == "cancelled-practice"

    def test_an_old_version_is_refused(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))
        stale = appointment.version
        service.appointment_mark(appointment=appointment, status="done")
        page = therapist_client.post(
            reverse("triggerfinder:appointment-status", args=[appointment.pk]),
            {"action": "no-show", "version": stale},
            follow=True,
        )
        appointment.refresh_from_db()
        assert appointment.status == "done" and "zwischenzeitlich geändert" in page.text

    def test_a_foreign_next_is_not_followed(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))
        response = therapist_client.post(
            reverse("triggerfinder:appointment-status", args=[appointment.pk]),
            {"action": "done", "next": "https://evil.example/"},
        )
        assert response["Location"] == day_url(MONDAY)

    def test_another_therapists_appointment_is_a_404(self, therapist_client, tobias, max_client):
        appointment = book(tobias, max_client, at(MONDAY, 9))
        response = therapist_client.post(
            reverse("triggerfinder:appointment-status", args=[appointment.pk]), {"action": "done"}
        )
        assert response.status_code == 404
        appointment.refresh_from_db()
        assert appointment.status == "booked"
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PROBE).exists()

    def test_the_lead_may_mark_anyones(self, client, tobias, max_client):
        client.force_login(make_user("miriam", role=roles.PRACTICE_LEAD))
        appointment = book(tobias, max_client, at(MONDAY, 9))
        status(client, appointment, "no-show")
        appointment.refresh_from_db()
        assert appointment.status == "no-show"

    def test_a_get_is_not_allowed(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 9))
        assert (
            therapist_client.get(
                reverse("triggerfinder:appointment-status", args=[appointment.pk])
            ).status_code
            == 405
        )


@pytest.fixture
def no_holidays(settings):
    settings.TRIGGERFINDER_HOLIDAYS = None


@pytest.mark.django_db
@pytest.mark.usefixtures("no_holidays")
class TestToday:
    def test_the_home_page_shows_todays_appointments(self, therapist_client, therapist):
        open_all_week(therapist)
        plan = plan_for(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        Appointment.objects.filter(planned_session__plan=plan).delete()  # accepting booked them
        first = plan.sessions.get(kind=PlannedSession.Kind.CYCLE, number=1)
        start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
        book(therapist, plan.client, start, planned_session=first)
        page = therapist_client.get("/")
        assert page.status_code == 200
        text = page.text
        assert "12:00" in text and escape(plan.client.full_name) in text
        assert f"1 von {plan.cycle_length}" in text
        assert reverse("triggerfinder:session-create", args=[plan.client.pk]) + f"?planned={first.pk}" in text
        assert reverse("triggerfinder:client-handout", args=[plan.client.pk]) in text
        assert 'id="tf-recent"' in text and 'id="tf-find-client"' in text  # the rest stays
        assert 'class="badge' in text and "tf-level" in text  # the verdict badge

    def test_no_appointments_today(self, therapist_client):
        assert "Heute keine Termine." in therapist_client.get("/").text


@pytest.mark.django_db
class TestQueryCount:
    def queries(self, http_client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http_client.get(url).status_code == 200
        return len(captured)

    def test_the_same_queries_for_3_and_30_appointments(self, client, therapist, erika, tobias):
        lead = make_user("miriam", role=roles.PRACTICE_LEAD)
        client.force_login(lead)
        clients = [make_client(therapist, first_name=f"K{i}") for i in range(30)]
        for index, person in enumerate(clients[:3]):
            book(therapist, person, at(MONDAY, 8 + index))
        few_day = self.queries(client, day_url(MONDAY))
        few_week = self.queries(client, week_url(MONDAY))
        for index, person in enumerate(clients[3:]):
            day = MONDAY + timedelta(days=index % 3)
            book(therapist, person, at(day, 12 + index // 3, 30 if index % 2 else 0))
        assert self.queries(client, day_url(MONDAY)) == few_day
        assert self.queries(client, week_url(MONDAY)) == few_week

    def test_the_leads_week_across_therapists_and_rooms(self, client, therapist, erika, tobias):
        """The practice lead's week with several therapists' columns, rooms and clients of each:
        3 appointments or 30, the same queries (benchmarks/bench_appointments.py measures 300)."""
        from triggerfinder.models import Room

        third = make_user("jana", role=roles.THERAPIST, first_name="Jana", last_name="Albers")
        open_all_week(third)
        for name in ["Raum 1", "Raum 2", "Raum 3"]:
            Room.objects.create(name=name)
        lead = make_user("miriam", role=roles.PRACTICE_LEAD)
        client.force_login(lead)
        staff = [therapist, tobias, third]
        people = {who.pk: [make_client(who, first_name=f"K{i}") for i in range(10)] for who in staff}

        def book_round(index: int) -> None:
            who = staff[index % 3]
            day = MONDAY + timedelta(days=(index // 3) % 5)
            book(who, people[who.pk][index // 3], at(day, 8 + index // 15))

        for index in range(3):
            book_round(index)
        few = self.queries(client, week_url(MONDAY))
        for index in range(3, 30):
            book_round(index)
        assert Appointment.objects.filter(room__isnull=False).count() == 30
        assert len({a.therapist_id for a in Appointment.objects.all()}) == 3
        assert self.queries(client, week_url(MONDAY)) == few

    def test_the_home_page_too(self, therapist_client, therapist, erika, no_holidays):
        today = timezone.localdate()
        people = [make_client(therapist, first_name=f"K{i}") for i in range(30)]
        for index, person in enumerate(people):
            if index == 3:
                few = self.queries(therapist_client, "/")
            book(therapist, person, at(today, 0) + timedelta(minutes=30 * index))
        assert self.queries(therapist_client, "/") == few

    def test_the_selector_is_one_query(self, therapist, erika, django_assert_num_queries):
        from triggerfinder.selectors.calendar_views import appointments_between

        for hour in range(8, 14):
            book(therapist, erika, at(MONDAY, hour))
        therapist.has_perm("triggerfinder.view_client")  # the permissions, read once per user
        with django_assert_num_queries(1):
            entries = appointments_between(user=therapist, first=MONDAY, last=MONDAY + timedelta(days=6))
            for entry in entries:
                _ = (
                    entry.appointment.client.full_name,
                    entry.appointment.therapist.username,
                    entry.appointment.room,
                )
        assert len(entries) == 6
