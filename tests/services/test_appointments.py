"""``services.appointments``: booking, moving, cancelling and marking, with the core's reasons."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import make_client, make_user
from triggerfinder.core import availability as core
from triggerfinder.models import (
    Absence,
    Appointment,
    ClosingDay,
    EditConflict,
    PlannedSession,
    Room,
    WorkingHours,
)
from triggerfinder.security import roles
from triggerfinder.services import appointments as service

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2027, 3, 1)  # a Monday without holidays in Saxony
NOW = datetime(2027, 2, 22, 8, 0, tzinfo=BERLIN)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def working_hours(therapist, weekdays=range(5)) -> None:
    for weekday in weekdays:
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(9), end=time(12))
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(14), end=time(18))


@pytest.fixture
def erika(therapist):
    working_hours(therapist)
    return make_client(therapist)


def book(therapist, client, start, **extra) -> Appointment:
    return service.appointment_book(
        therapist=therapist, client=client, start=start, duration_minutes=60, now=NOW, **extra
    )


def refused(therapist, client, start, **extra) -> tuple[str, ...]:
    with pytest.raises(service.SlotConflictError) as error:
        book(therapist, client, start, **extra)
    return error.value.reasons


@pytest.mark.django_db
class TestBook:
    def test_a_free_time_is_booked_with_its_end_and_history(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.BOOKED
        assert appointment.end - appointment.start == timedelta(minutes=60)
        assert appointment.room is None
        assert appointment.history.count() == 1

    def test_the_length_defaults_to_the_session_minutes(self, therapist, erika):
        appointment = service.appointment_book(
            therapist=therapist, client=erika, start=at(MONDAY, 9), now=NOW
        )
        assert appointment.duration_minutes == 60

    def test_an_overlap_is_refused_back_to_back_is_not(self, therapist, erika):
        first = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(service.SlotConflictError) as error:
            book(therapist, make_client(therapist, first_name="Max"), at(MONDAY, 10, 30))
        assert error.value.reasons == (core.REASON_OVERLAP,)
        assert error.value.conflicts[0].key == str(first.pk)
        book(therapist, erika, at(MONDAY, 11))  # [10, 11) and [11, 12) touch, they do not overlap
        assert Appointment.objects.count() == 2

    @override_settings(TRIGGERFINDER_APPOINTMENT_BUFFER_MINUTES=15)
    def test_the_buffer_is_kept(self, therapist, erika):
        book(therapist, erika, at(MONDAY, 9))
        assert refused(therapist, erika, at(MONDAY, 10)) == (core.REASON_BUFFER,)
        book(therapist, erika, at(MONDAY, 10, 15))

    def test_a_public_holiday_is_refused(self, therapist, erika):
        good_friday = date(2027, 3, 26)
        assert core.REASON_PUBLIC_HOLIDAY in refused(therapist, erika, at(good_friday, 10))

    @override_settings(TRIGGERFINDER_HOLIDAYS=None)
    def test_no_holidays_when_none_are_configured(self, therapist, erika):
        book(therapist, erika, at(date(2027, 3, 26), 10))

    def test_a_closing_day_is_refused(self, therapist, erika):
        ClosingDay.objects.create(date=MONDAY, reason="Betriebsausflug")
        assert core.REASON_CLOSED in refused(therapist, erika, at(MONDAY, 10))

    def test_an_absence_is_refused_with_its_kind(self, therapist, erika):
        Absence.objects.create(
            therapist=therapist, start=at(MONDAY, 0), end=at(MONDAY + timedelta(1), 0), kind="illness"
        )
        with pytest.raises(service.SlotConflictError) as error:
            book(therapist, erika, at(MONDAY, 10))
        assert error.value.conflicts == (core.Conflict(core.REASON_ABSENCE, "illness"),)

    def test_outside_the_working_hours_is_refused(self, therapist, erika):
        assert refused(therapist, erika, at(MONDAY, 11, 30)) == (core.REASON_OUTSIDE_HOURS,)
        assert refused(therapist, erika, at(MONDAY, 12, 30)) == (core.REASON_OUTSIDE_HOURS,)
        assert refused(therapist, erika, at(MONDAY + timedelta(5), 10)) == (core.REASON_OUTSIDE_HOURS,)

    def test_the_past_is_refused(self, therapist, erika):
        assert core.REASON_PAST in refused(therapist, erika, at(NOW.date() - timedelta(7), 10))

    def test_another_therapist_may_take_the_same_time_without_rooms(self, therapist, erika):
        tobias = make_user("tobias", role=roles.THERAPIST)
        working_hours(tobias)
        book(therapist, erika, at(MONDAY, 10))
        book(tobias, make_client(tobias), at(MONDAY, 10))

    def test_every_reason_at_once(self, therapist, erika):
        ClosingDay.objects.create(date=MONDAY)
        reasons = refused(therapist, erika, at(MONDAY, 12, 30))
        assert set(reasons) == {core.REASON_CLOSED, core.REASON_OUTSIDE_HOURS}

    def test_a_booking_reads_as_much_with_a_full_book_as_with_an_empty_one(self, therapist, erika):
        Room.objects.create(name="A")

        def queries_of_one_booking(day: date) -> int:
            with CaptureQueriesContext(connection) as captured:
                book(therapist, erika, at(day, 16))
            return len(captured)

        empty = queries_of_one_booking(MONDAY)
        for hour in (9, 10, 11, 14, 15):
            for day in (MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=1, days=1)):
                book(therapist, erika, at(day, hour))
        assert queries_of_one_booking(MONDAY + timedelta(weeks=1)) == empty

    @pytest.mark.parametrize("minutes", [10, 241])
    def test_the_length_is_bounded(self, therapist, erika, minutes):
        with pytest.raises(ValidationError):
            service.appointment_book(
                therapist=therapist, client=erika, start=at(MONDAY, 9), duration_minutes=minutes, now=NOW
            )
        assert not Appointment.objects.exists()

    def test_a_naive_time_is_an_error(self, therapist, erika):
        with pytest.raises(ValueError):
            book(therapist, erika, datetime(2027, 3, 1, 10))


@pytest.mark.django_db
class TestRooms:
    @pytest.fixture
    def tobias(self, db):
        tobias = make_user("tobias", role=roles.THERAPIST)
        working_hours(tobias)
        return tobias

    def test_the_first_free_room_is_taken_and_none_left_is_refused(self, therapist, erika, tobias):
        small = Room.objects.create(name="A klein")
        Room.objects.create(name="Z alt", active=False)
        assert book(therapist, erika, at(MONDAY, 10)).room == small
        assert refused(tobias, make_client(tobias), at(MONDAY, 10, 30)) == (core.REASON_NO_ROOM,)
        big = Room.objects.create(name="B groß")
        assert book(tobias, make_client(tobias), at(MONDAY, 10, 30)).room == big

    def test_a_chosen_room_that_is_taken_is_refused(self, therapist, erika, tobias):
        small = Room.objects.create(name="A klein")
        Room.objects.create(name="B groß")
        first = book(therapist, erika, at(MONDAY, 10), room=small)
        with pytest.raises(service.SlotConflictError) as error:
            book(tobias, make_client(tobias), at(MONDAY, 10), room=small)
        assert error.value.conflicts == (core.Conflict(core.REASON_ROOM_TAKEN, str(first.pk)),)

    def test_a_room_out_of_use_is_not_booked(self, therapist, erika):
        old = Room.objects.create(name="alt", active=False)
        with pytest.raises(ValueError):
            book(therapist, erika, at(MONDAY, 10), room=old)

    def test_a_cancelled_appointment_frees_its_room(self, therapist, erika, tobias):
        Room.objects.create(name="A klein")
        first = book(therapist, erika, at(MONDAY, 10))
        service.appointment_cancel(appointment=first, by_client=False, now=NOW)
        book(tobias, make_client(tobias), at(MONDAY, 10))


@pytest.mark.django_db
class TestMove:
    def test_a_move_to_a_free_time_and_over_its_own_old_time(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        moved = service.appointment_move(appointment=appointment, start=at(MONDAY, 10, 30), now=NOW)
        assert (moved.start, moved.end, moved.version) == (at(MONDAY, 10, 30), at(MONDAY, 11, 30), 2)
        moved = service.appointment_move(
            appointment=moved, start=at(MONDAY, 15), duration_minutes=90, version=2, now=NOW
        )
        moved.refresh_from_db()
        assert (moved.start, moved.end) == (at(MONDAY, 15), at(MONDAY, 16, 30))

    def test_a_move_onto_another_appointment_is_refused_and_changes_nothing(self, therapist, erika):
        book(therapist, erika, at(MONDAY, 9))
        second = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(service.SlotConflictError) as error:
            service.appointment_move(appointment=second, start=at(MONDAY, 9, 30), now=NOW)
        assert error.value.reasons == (core.REASON_OVERLAP,)
        second.refresh_from_db()
        assert (second.start, second.version) == (at(MONDAY, 10), 1)

    def test_a_move_based_on_an_old_version_is_refused(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        service.appointment_move(appointment=appointment, start=at(MONDAY, 11), now=NOW)
        with pytest.raises(EditConflict):
            service.appointment_move(appointment=appointment, start=at(MONDAY, 9), version=1, now=NOW)

    def test_a_cancelled_appointment_does_not_move(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        service.appointment_cancel(appointment=appointment, by_client=False, now=NOW)
        with pytest.raises(service.AppointmentStateError):
            service.appointment_move(appointment=appointment, start=at(MONDAY, 11), now=NOW)

    def test_a_move_keeps_the_room_or_takes_a_free_one(self, therapist, erika):
        small, big = Room.objects.create(name="A klein"), Room.objects.create(name="B groß")
        appointment = book(therapist, erika, at(MONDAY, 10), room=big)
        assert service.appointment_move(appointment=appointment, start=at(MONDAY, 11), now=NOW).room == big
        moved = service.appointment_move(appointment=appointment, start=at(MONDAY, 9), room=None, now=NOW)
        assert moved.room == small


@pytest.mark.django_db
class TestCancel:
    @pytest.mark.parametrize(
        ("by_client", "before", "status"),
        [
            (True, timedelta(hours=48), Appointment.Status.CANCELLED_BY_CLIENT),
            (True, timedelta(hours=24), Appointment.Status.CANCELLED_BY_CLIENT),
            (True, timedelta(hours=23, minutes=59), Appointment.Status.CANCELLED_LATE),
            (True, timedelta(hours=2), Appointment.Status.CANCELLED_LATE),
            (False, timedelta(hours=2), Appointment.Status.CANCELLED_BY_PRACTICE),
        ],
    )
    def test_late_within_the_notice(self, therapist, erika, by_client, before, status):
        appointment = book(therapist, erika, at(MONDAY, 10))
        cancelled = service.appointment_cancel(
            appointment=appointment, by_client=by_client, now=at(MONDAY, 10) - before
        )
        assert cancelled.status == status
        assert Appointment.objects.get().status == status

    @override_settings(TRIGGERFINDER_LATE_CANCELLATION_HOURS=48)
    def test_the_notice_is_a_setting(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        cancelled = service.appointment_cancel(
            appointment=appointment, by_client=True, now=at(MONDAY, 10) - timedelta(hours=30)
        )
        assert cancelled.status == Appointment.Status.CANCELLED_LATE

    def test_the_time_is_free_again_and_cancelling_twice_is_refused(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        service.appointment_cancel(appointment=appointment, by_client=True, now=NOW)
        book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(service.AppointmentStateError):
            service.appointment_cancel(appointment=appointment, by_client=True, now=NOW)

    def test_the_clients_reason_is_kept_within_its_bound(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(ValidationError):
            service.appointment_cancel(appointment=appointment, by_client=True, now=NOW, reason="x" * 501)
        assert Appointment.objects.get().status == Appointment.Status.BOOKED
        cancelled = service.appointment_cancel(
            appointment=appointment, by_client=True, now=NOW, reason=" Krank. " + "x" * 492
        )
        assert cancelled.cancel_reason == "Krank. " + "x" * 492
        assert Appointment.objects.get().cancel_reason == cancelled.cancel_reason


@pytest.mark.django_db
class TestConfirm:
    def test_confirmed_once_the_first_moment_stays(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        confirmed = service.appointment_confirm(appointment=appointment, now=NOW)
        assert confirmed.confirmed_at == NOW and confirmed.status == Appointment.Status.BOOKED
        again = service.appointment_confirm(appointment=appointment, now=NOW + timedelta(hours=1))
        assert again.confirmed_at == NOW and again.version == confirmed.version

    def test_only_a_booked_appointment_still_to_come(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(service.AppointmentStateError):
            service.appointment_confirm(appointment=appointment, now=at(MONDAY, 10))
        service.appointment_cancel(appointment=appointment, by_client=False, now=NOW)
        with pytest.raises(service.AppointmentStateError):
            service.appointment_confirm(appointment=appointment, now=NOW)
        assert Appointment.objects.get().confirmed_at is None

    def test_a_move_asks_for_a_new_confirmation(self, therapist, erika):
        appointment = service.appointment_confirm(appointment=book(therapist, erika, at(MONDAY, 10)), now=NOW)
        kept = service.appointment_move(
            appointment=appointment, start=at(MONDAY, 10), duration_minutes=30, now=NOW
        )
        assert kept.confirmed_at == NOW  # the same time, only shorter
        moved = service.appointment_move(appointment=kept, start=at(MONDAY, 15), now=NOW)
        assert moved.confirmed_at is None


@pytest.mark.django_db
class TestMark:
    def test_done_and_no_show_once_it_has_begun(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(service.AppointmentStateError):
            service.appointment_mark(appointment=appointment, status="done", now=at(MONDAY, 9))
        done = service.appointment_mark(appointment=appointment, status="done", now=at(MONDAY, 10, 5))
        assert done.status == Appointment.Status.DONE
        corrected = service.appointment_mark(appointment=done, status="no-show", now=at(MONDAY, 12))
        assert corrected.status == Appointment.Status.NO_SHOW
        assert corrected.history.count() == 3

    def test_only_done_or_no_show(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(ValueError):
            service.appointment_mark(appointment=appointment, status="cancelled-late", now=at(MONDAY, 11))

    def test_a_cancelled_appointment_is_not_marked(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        service.appointment_cancel(appointment=appointment, by_client=True, now=NOW)
        with pytest.raises(service.AppointmentStateError):
            service.appointment_mark(appointment=appointment, status="done", now=at(MONDAY, 11))

    def test_a_done_appointment_still_holds_its_time(self, therapist, erika):
        appointment = book(therapist, erika, at(MONDAY, 10))
        service.appointment_mark(appointment=appointment, status="no-show", now=at(MONDAY, 11))
        assert refused(therapist, erika, at(MONDAY, 10)) == (core.REASON_OVERLAP,)


@pytest.mark.django_db
class TestGateAndPlans:
    @override_settings(TRIGGERFINDER_HOLIDAYS=None)
    def test_nothing_before_a_postponement_ends(self, therapist, record_intake):
        working_hours(therapist, range(7))
        client = record_intake(yes=["recent-surgery"]).client
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(service.SlotConflictError) as error:
            service.appointment_book(therapist=therapist, client=client, start=at(tomorrow, 10))
        assert error.value.reasons == (core.REASON_TOO_EARLY,)
        assert date.fromisoformat(error.value.conflicts[0].key) > tomorrow

    @override_settings(TRIGGERFINDER_HOLIDAYS=None)
    @pytest.mark.parametrize("red_flag", ["numbness", "saddle-numbness"])
    def test_an_uncleared_red_flag_gets_no_appointment(self, therapist, record_intake, red_flag):
        """A referral waits for the doctor, an emergency has no dates at all: the gate decides."""
        working_hours(therapist, range(7))
        client = record_intake(yes=[red_flag]).client
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(service.SlotConflictError) as error:
            service.appointment_book(therapist=therapist, client=client, start=at(tomorrow, 10))
        assert error.value.reasons == (core.REASON_BLOCKED,)
        assert not Appointment.objects.filter(client=client).exists()

    @override_settings(TRIGGERFINDER_HOLIDAYS=None)
    def test_a_caution_is_booked(self, therapist, record_intake):
        working_hours(therapist, range(7))
        client = record_intake(yes=["blood-thinners"]).client
        tomorrow = timezone.localdate() + timedelta(days=1)
        appointment = service.appointment_book(therapist=therapist, client=client, start=at(tomorrow, 10))
        assert appointment.status == Appointment.Status.BOOKED

    def test_a_locked_client_gets_no_appointment(self, therapist, erika):
        from triggerfinder.services import clients
        from triggerfinder.services.guards import ClientLockedError

        clients.consent_withdraw(client=erika, user=therapist)
        erika.refresh_from_db()
        with pytest.raises(ClientLockedError):
            book(therapist, erika, at(MONDAY, 10))

    def test_a_planned_session_is_booked_once_and_again_after_a_cancellation(self, therapist, record_intake):
        working_hours(therapist)
        intake = record_intake()
        session = first_session(intake)
        first = book(therapist, intake.client, at(MONDAY, 10), planned_session=session)
        with pytest.raises(service.PlannedSessionMismatchError):
            book(therapist, intake.client, at(MONDAY, 15), planned_session=session)
        with pytest.raises(service.PlannedSessionMismatchError):
            book(therapist, make_client(therapist), at(MONDAY, 15), planned_session=session)
        service.appointment_cancel(appointment=first, by_client=True, now=NOW)
        again = book(therapist, intake.client, at(MONDAY, 15), planned_session=session)
        assert set(session.appointments.all()) == {first, again}

    def test_the_database_allows_one_active_appointment_per_planned_session(self, therapist, record_intake):
        working_hours(therapist)
        intake = record_intake()
        session = first_session(intake)
        book(therapist, intake.client, at(MONDAY, 10), planned_session=session)
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment(
                therapist=therapist, client=intake.client, start=at(MONDAY, 15), planned_session=session
            ).save()


def first_session(intake) -> PlannedSession:
    """The first date of the plan the intake proposed."""
    return PlannedSession.objects.filter(plan__intake=intake).order_by("date").first()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraints are PostgreSQL's")
class TestExclusionConstraints:
    """Even a write that bypasses the service cannot double-book on PostgreSQL."""

    def test_one_therapist_never_twice_at_once(self, therapist, erika):
        book(therapist, erika, at(MONDAY, 10))
        with pytest.raises(IntegrityError, match="tf_appointment_therapist_no_overlap"), transaction.atomic():
            Appointment(therapist=therapist, client=erika, start=at(MONDAY, 10, 30)).save()
        Appointment(therapist=therapist, client=erika, start=at(MONDAY, 11)).save()  # back to back
        Appointment(therapist=therapist, client=erika, start=at(MONDAY, 10), status="cancelled-late").save()

    def test_one_room_never_twice_at_once(self, therapist, other_therapist, erika):
        room = Room.objects.create(name="A")
        book(therapist, erika, at(MONDAY, 10), room=room)
        theirs = make_client(other_therapist)
        with pytest.raises(IntegrityError, match="tf_appointment_room_no_overlap"), transaction.atomic():
            Appointment(therapist=other_therapist, client=theirs, start=at(MONDAY, 10), room=room).save()
        Appointment(therapist=other_therapist, client=theirs, start=at(MONDAY, 10)).save()  # no room

    def test_a_violation_found_by_the_database_is_the_same_conflict(self, therapist, other_therapist, erika):
        """Should a write slip past the service's check, the constraint's refusal reads the same."""
        room = Room.objects.create(name="A")
        book(therapist, erika, at(MONDAY, 10), room=room)
        with pytest.raises(service.SlotConflictError) as mine:
            service._save(Appointment(therapist=therapist, client=erika, start=at(MONDAY, 10, 30)))
        assert mine.value.reasons == (core.REASON_OVERLAP,)
        theirs = Appointment(therapist=other_therapist, client=erika, start=at(MONDAY, 10), room=room)
        with pytest.raises(service.SlotConflictError) as room_taken:
            service._save(theirs)
        assert room_taken.value.reasons == (core.REASON_ROOM_TAKEN,)
        assert Appointment.objects.count() == 1

    def test_a_status_change_back_to_active_is_checked_too(self, therapist, erika):
        first = book(therapist, erika, at(MONDAY, 10))
        service.appointment_cancel(appointment=first, by_client=False, now=NOW)
        book(therapist, erika, at(MONDAY, 10))
        first.refresh_from_db()
        first.status = Appointment.Status.BOOKED
        with pytest.raises(IntegrityError), transaction.atomic():
            first.save()
