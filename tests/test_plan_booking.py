"""The client's appointment wishes at the intake, and the plan page's appointments: booked on
accepting, offered again after a cancellation, booked from an offer or a typed time, conflicts
refused with the reason."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.test_intake import URL, intake_post
from tests.test_plans import create_plan, post
from triggerfinder.models import Appointment, Intake, PlannedSession, WorkingHours
from triggerfinder.selectors.plan_slots import plan_slots
from triggerfinder.services import appointments


def hours(therapist) -> None:
    for weekday in range(5):
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(9), end=time(12))
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(14), end=time(18))


@pytest.mark.django_db
class TestWishes:
    def test_the_wishes_are_saved_with_the_intake(self, therapist_client):
        response = therapist_client.post(
            URL, intake_post(wish_weekdays=["1", "3"], wish_after="16:00", wish_before="19:30")
        )
        assert response.status_code == 302
        intake = Intake.objects.get()
        assert intake.weekdays == frozenset({1, 3})
        assert (intake.wish_after, intake.wish_before) == (time(16), time(19, 30))
        wishes = intake.wishes()
        assert wishes.weekdays == frozenset({1, 3}) and wishes.after == time(16)

    def test_no_wishes_mean_any_time(self, therapist_client):
        therapist_client.post(URL, intake_post())
        intake = Intake.objects.get()
        assert intake.wish_weekdays == "" and intake.wish_after is None and intake.wish_before is None
        assert intake.wishes().weekdays == frozenset()

    def test_a_window_ending_before_it_starts_keeps_every_input(self, therapist_client):
        with translation.override("en"):
            response = therapist_client.post(
                URL,
                intake_post(wish_weekdays=["2"], wish_after="18:00", wish_before="09:00"),
                HTTP_ACCEPT_LANGUAGE="en",
            )
        assert response.status_code == 200 and not Intake.objects.exists()
        html = response.text
        assert 'name="wish_after"' in html and 'value="18:00"' in html and 'value="09:00"' in html
        assert 'name="wish_weekdays" value="2"' in html and "checked" in html
        assert 'id="tf-wishes"' in html
        assert "Schmerz beim Aufstehen" in html  # the rest of what was typed, too

    def test_an_unknown_weekday_is_refused(self, therapist_client):
        response = therapist_client.post(URL, intake_post(wish_weekdays=["6"]))
        assert response.status_code == 200 and not Intake.objects.exists()


def accepted_plan(http_client, therapist, **changes):
    hours(therapist)
    plan = create_plan(http_client, **changes)
    response = post(http_client, plan, "accept")
    assert response.status_code == 200
    return plan


@pytest.mark.django_db
class TestPlanPage:
    def test_accepting_books_and_the_page_lists_each_appointment(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        booked = Appointment.objects.filter(planned_session__plan=plan)
        assert booked.count() == plan.sessions.filter(status__in=PlannedSession.OPEN).count()
        html = therapist_client.get(plan.get_absolute_url()).text
        assert html.count("data-appointment=") == booked.count()
        first = timezone.localtime(booked.order_by("start")[0].start)
        assert f"{first:%d.%m.%Y}, {first:%H:%M}" in html

    def test_a_proposed_plan_shows_proposed_slots_without_booking(self, therapist_client, therapist):
        hours(therapist)
        plan = create_plan(therapist_client)
        html = therapist_client.get(plan.get_absolute_url()).text
        assert html.count("data-slot=") == plan.sessions.count()
        assert not Appointment.objects.exists() and "planned-session-book" not in html
        assert reverse("triggerfinder:planned-session-book", args=[plan.sessions.first().pk]) not in html

    def test_a_cancelled_appointment_is_offered_and_booked_from_the_offer(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        appointment = Appointment.objects.filter(planned_session__plan=plan).order_by("start").first()
        session = appointment.planned_session
        appointments.appointment_cancel(appointment=appointment, by_client=True)
        url = reverse("triggerfinder:planned-session-book", args=[session.pk])
        html = therapist_client.get(plan.get_absolute_url()).text
        assert f'action="{url}"' in html and 'name="slot"' in html
        row = next(r for r in plan_slots(plan).rows if r.session.pk == session.pk)
        slot = row.result.slot
        response = therapist_client.post(url, {"slot": slot.start.isoformat()})
        assert response.status_code == 302
        again = Appointment.objects.get(planned_session=session, status=Appointment.Status.BOOKED)
        assert again.start == slot.start and again.planned_session.number == session.number

    def test_a_taken_time_is_refused_with_its_reason_and_the_input_kept(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        taken = list(Appointment.objects.filter(planned_session__plan=plan).order_by("start"))
        appointments.appointment_cancel(appointment=taken[1], by_client=False)
        other = timezone.localtime(taken[0].start)
        url = reverse("triggerfinder:planned-session-book", args=[taken[1].planned_session_id])
        with translation.override("en"):
            response = therapist_client.post(
                url,
                {"date": f"{other:%Y-%m-%d}", "time": f"{other:%H:%M}"},
                HTTP_ACCEPT_LANGUAGE="en",
            )
        assert response.status_code == 409
        assert "hat dann einen anderen Termin." in response.text
        assert f'value="{other:%H:%M}"' in response.text and f'value="{other:%Y-%m-%d}"' in response.text
        assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == len(taken) - 1

    def test_a_bad_time_is_a_message(self, therapist_client, therapist):
        plan = accepted_plan(therapist_client, therapist)
        appointment = Appointment.objects.filter(planned_session__plan=plan).first()
        appointments.appointment_cancel(appointment=appointment, by_client=False)
        url = reverse("triggerfinder:planned-session-book", args=[appointment.planned_session_id])
        response = therapist_client.post(url, {"date": "2027-02-30", "time": "25:00"})
        assert response.status_code == 400 and 'value="25:00"' in response.text

    def test_another_therapists_session_is_404(self, therapist_client, therapist, client, other_therapist):
        plan = accepted_plan(therapist_client, therapist)
        session = plan.sessions.first()
        from tests.conftest import login_verified

        login_verified(client, other_therapist)
        response = client.post(reverse("triggerfinder:planned-session-book", args=[session.pk]), {})
        assert response.status_code == 404


@pytest.mark.django_db
def test_the_slot_search_reads_a_constant_number_of_queries(therapist_client, therapist):
    hours(therapist)
    short = create_plan(therapist_client)
    long = create_plan(therapist_client)
    from triggerfinder.services import plans

    plans.plan_reschedule(plan=short, cycle_length=4, maintenance_visits=1)
    plans.plan_reschedule(plan=long, cycle_length=12, maintenance_visits=4)
    counts = []
    for plan in (short, long):
        plan.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            found = plan_slots(plan)
        assert sum(1 for row in found.rows if row.result and row.result.slot) > 0
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 25


@pytest.mark.django_db
class TestPreview:
    def test_the_intake_preview_shows_each_sessions_slot(self, therapist_client, therapist):
        hours(therapist)
        response = therapist_client.post(
            reverse("triggerfinder:intake-preview"),
            intake_post(wish_weekdays=["1"], wish_after="15:00"),
            headers={"HX-Request": "true"},
        )
        html = response.text
        assert response.status_code == 200 and 'data-slots="found"' in html
        # A Tuesday each: sessions a few days apart may find none within the tolerance, and say why.
        assert html.count("data-slot>") >= 5
        assert not Appointment.objects.exists()

    def test_without_hours_the_preview_shows_the_dates(self, therapist_client):
        response = therapist_client.post(
            reverse("triggerfinder:intake-preview"), intake_post(), headers={"HX-Request": "true"}
        )
        assert "data-slot" not in response.text and "tf-dates" in response.text

    def test_the_api_gives_the_slots_within_the_wishes(self, therapist_client, therapist):
        hours(therapist)
        data = therapist_client.post(
            "/api/plan-preview/",
            {"region": "lower-back:6", "duration_months": 18, "wish_weekdays": ["3"], "wish_after": "15:00"},
        ).json()
        found = [row for row in data["slots"] if row["start"]]
        assert len(found) == len(data["slots"]) >= 8
        from datetime import datetime

        for row in found:
            local = timezone.localtime(datetime.fromisoformat(row["start"]))
            assert local.weekday() == 3 and local.time() >= time(15)

    def test_a_postponement_gives_no_slot_before_its_day(self, therapist_client, therapist):
        hours(therapist)
        data = therapist_client.post(
            "/api/plan-preview/",
            {"region": "lower-back:6", "duration_months": 18, "contraindication": "fever"},
        ).json()
        assert all(
            row["start"] is None or datetime_date(row["start"]) >= date_of(data["cycle_dates"][0])
            for row in data.get("slots", [])
        )


def datetime_date(value: str):
    from datetime import datetime

    return timezone.localtime(datetime.fromisoformat(value)).date()


def date_of(value: str):
    from datetime import date

    return date.fromisoformat(value)
