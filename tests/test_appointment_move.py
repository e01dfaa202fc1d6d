"""Moving an appointment from the day and week pages (issue 17, item 5): the move panel, the move
itself, the cancellation's confirmation, htmx fragments and the no-JS pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.test_appointments_views import FUTURE, at, book, day_url, erika, max_client, tobias, week_url
from triggerfinder.models import Appointment
from triggerfinder.services import appointments as service

__all__ = ["erika", "max_client", "tobias"]  # fixtures used here

HTMX = {"HTTP_HX_REQUEST": "true"}


def move_url(appointment) -> str:
    return reverse("triggerfinder:appointment-move", args=[appointment.pk])


def move(http_client, appointment, start, *, version=None, **headers):
    return http_client.post(
        move_url(appointment),
        {
            "slot": start.isoformat(),
            "version": appointment.version if version is None else version,
            "next": week_url(FUTURE),
        },
        **headers,
    )


class TestPanel:
    def test_lists_the_free_times_of_the_day_without_the_taken_ones(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        book(therapist, erika, at(FUTURE, 11))
        page = therapist_client.get(move_url(appointment), {"day": FUTURE.isoformat()})
        assert page.status_code == 200
        text = page.text
        assert '<html lang="' in text  # the whole page without htmx
        assert 'value="2027-03-01T09:00:00+01:00"' in text  # its own time is free for it
        assert 'value="2027-03-01T11:00:00+01:00"' not in text
        assert 'value="2027-03-01T10:00:00+01:00"' in text
        assert "HX-Request" in page["Vary"]

    def test_htmx_gets_the_panel_alone(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        page = therapist_client.get(move_url(appointment), **HTMX)
        assert page.status_code == 200
        assert "<html" not in page.text
        assert 'id="tf-move-' in page.text
        assert "HX-Request" in page["Vary"]

    def test_never_in_the_past(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        yesterday = timezone.localdate() - timedelta(days=1)
        page = therapist_client.get(move_url(appointment), {"day": yesterday.isoformat()}, **HTMX)
        assert 'name="slot"' not in page.text
        assert "An diesem Tag ist keine Zeit frei." in page.text

    def test_another_therapists_appointment_is_not_found(self, therapist_client, tobias, max_client):
        appointment = book(tobias, max_client, at(FUTURE, 9))
        assert therapist_client.get(move_url(appointment)).status_code == 404
        assert move(therapist_client, appointment, at(FUTURE, 12)).status_code == 404
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 9)


class TestMove:
    def test_moves_and_goes_back_without_script(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        answer = move(therapist_client, appointment, at(FUTURE + timedelta(days=1), 14))
        assert answer.status_code == 302
        assert answer["Location"] == week_url(FUTURE)
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE + timedelta(days=1), 14)
        page = therapist_client.get(week_url(FUTURE))
        assert "Der Termin wurde auf" in page.text
        assert '<time datetime="2027-03-02T14:00:00+01:00">' in page.text

    def test_htmx_reloads_the_book_region(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        answer = move(therapist_client, appointment, at(FUTURE, 15), **HTMX)
        assert answer.status_code == 204
        assert '"target": "#tf-book"' in answer["HX-Location"]
        region = therapist_client.get(week_url(FUTURE), **HTMX)
        assert region.text.lstrip().startswith('<div id="tf-book">')
        assert "<html" not in region.text
        assert "Der Termin wurde auf" in region.text
        assert "HX-Request" in region["Vary"]
        assert "<html" in therapist_client.get(week_url(FUTURE)).text

    def test_into_a_conflict_says_why_and_changes_nothing(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        book(therapist, erika, at(FUTURE, 11))
        answer = move(therapist_client, appointment, at(FUTURE, 11), **HTMX)
        assert answer.status_code == 200
        assert "hat dann einen anderen Termin." in answer.text
        assert 'name="slot"' in answer.text  # the panel, refreshed
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 9)
        assert move(therapist_client, appointment, at(FUTURE, 11)).status_code == 409

    def test_a_stale_version_is_a_conflict(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        stale = appointment.version
        service.appointment_move(
            appointment=appointment, start=at(FUTURE, 10), version=stale, now=at(FUTURE, 8)
        )
        with translation.override("en"):
            answer = move(therapist_client, appointment, at(FUTURE, 14), version=stale, **HTMX)
        assert "changed in the meantime" in answer.text
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 10)

    def test_a_cancelled_appointment_is_not_moved(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        appointment = service.appointment_cancel(appointment=appointment, by_client=False)
        answer = move(therapist_client, appointment, at(FUTURE, 14), **HTMX)
        assert "Nur ein gebuchter Termin kann verschoben werden" in answer.text
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 9)
        assert appointment.status == Appointment.Status.CANCELLED_BY_PRACTICE

    def test_a_free_time_typed_in_is_checked_by_the_service(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        book(therapist, erika, at(FUTURE, 11))
        data = {"date": FUTURE.isoformat(), "time": "11:10", "version": appointment.version}
        answer = therapist_client.post(move_url(appointment), data, **HTMX)
        assert "hat dann einen anderen Termin." in answer.text
        assert 'value="11:10"' in answer.text  # nothing typed is lost
        data["time"] = "13:05"
        assert therapist_client.post(move_url(appointment), data).status_code == 302
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 13, 5)

    @pytest.mark.parametrize(
        "typed", [{"date": "2027-02-30", "time": "10:00"}, {"date": "", "time": "x"}, {"slot": "soon"}]
    )
    def test_bad_input_is_a_message(self, therapist_client, therapist, erika, typed):
        appointment = book(therapist, erika, at(FUTURE, 9))
        answer = therapist_client.post(move_url(appointment), {**typed, "version": appointment.version})
        assert answer.status_code == 400
        assert "Bitte eine freie Zeit wählen" in answer.text
        appointment.refresh_from_db()
        assert appointment.start == at(FUTURE, 9)


class TestCancelConfirmation:
    def test_says_a_late_cancellation_is_counted_late(self, therapist_client, therapist, erika):
        soon = timezone.localtime() + timedelta(hours=2)
        start = soon.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        appointment = service.appointment_book(
            therapist=therapist, client=erika, start=start, duration_minutes=30
        )
        page = therapist_client.get(
            reverse("triggerfinder:appointment-cancel", args=[appointment.pk]), **HTMX
        )
        assert "zählt das als kurzfristige Absage" in page.text
        assert "<html" not in page.text

    def test_in_good_time_is_not_late_and_without_script_a_page(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        page = therapist_client.get(reverse("triggerfinder:appointment-cancel", args=[appointment.pk]))
        assert "nicht als kurzfristig" in page.text
        assert "<html" in page.text

    def test_the_status_post_answers_htmx_with_the_region(self, therapist_client, therapist, erika):
        appointment = book(therapist, erika, at(FUTURE, 9))
        answer = therapist_client.post(
            reverse("triggerfinder:appointment-status", args=[appointment.pk]),
            {"action": "cancel-practice", "version": appointment.version, "next": day_url(FUTURE)},
            **HTMX,
        )
        assert answer.status_code == 204
        assert day_url(FUTURE) in answer["HX-Location"]
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.CANCELLED_BY_PRACTICE
