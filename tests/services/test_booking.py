"""``services.booking``: accepting a plan books its sessions; one session booked from an offer;
moves, cancellations and recorded sessions keep the plan's sessions and appointments in step."""

from __future__ import annotations

import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_client
from triggerfinder.models import Appointment, PlannedSession, Room, WorkingHours
from triggerfinder.selectors.availability import practice_tz
from triggerfinder.selectors.plan_slots import plan_slots
from triggerfinder.services import appointments, booking, plans, sessions


def working_hours(therapist) -> None:
    for weekday in range(5):
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(9), end=time(12))
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(14), end=time(18))


def local_day(appointment: Appointment):
    return appointment.start.astimezone(practice_tz()).date()


def assert_no_overlaps(therapist) -> None:
    active = list(Appointment.objects.filter(therapist=therapist, status__in=Appointment.ACTIVE))
    for one in active:
        for other in active:
            if one.pk < other.pk:
                assert one.end <= other.start or other.end <= one.start, (one, other)


@pytest.fixture
def hours(therapist):
    working_hours(therapist)


@pytest.mark.django_db
class TestAccept:
    def test_accepting_books_every_open_session(self, therapist, hours, record_intake):
        plan = record_intake().plans.get()
        open_sessions = plan.sessions.filter(status__in=PlannedSession.OPEN).count()
        plans.plan_accept(plan=plan, user=therapist)
        booked = Appointment.objects.filter(planned_session__plan=plan).select_related("planned_session")
        assert booked.count() == open_sessions > 0
        now = timezone.now()
        for appointment in booked:
            assert appointment.status == Appointment.Status.BOOKED
            assert appointment.duration_minutes == plan.session_minutes
            assert appointment.start > now
            assert appointment.planned_session.date == local_day(appointment)
            local = appointment.start.astimezone(practice_tz())
            assert local.weekday() < 5 and time(9) <= local.time()
        days = [local_day(a) for a in booked.order_by("planned_session__kind", "planned_session__number")]
        assert len(set(days)) == len(days)
        assert_no_overlaps(therapist)

    def test_the_wishes_are_kept(self, therapist, hours, record_intake):
        intake = record_intake()
        intake.wish_weekdays, intake.wish_after = "1,3", time(15)
        intake.save()
        plan = intake.plans.get()
        plans.plan_accept(plan=plan, user=therapist)
        booked = Appointment.objects.filter(planned_session__plan=plan)
        assert booked.exists()
        for appointment in booked:
            local = appointment.start.astimezone(practice_tz())
            assert local.weekday() in (1, 3) and local.time() >= time(15)

    def test_two_plans_of_one_therapist_are_not_double_booked(self, therapist, hours, record_intake):
        first, second = record_intake().plans.get(), record_intake().plans.get()
        assert first.client != second.client
        plans.plan_accept(plan=first, user=therapist)
        plans.plan_accept(plan=second, user=therapist)
        assert Appointment.objects.filter(planned_session__plan=second).count() > 0
        assert_no_overlaps(therapist)

    def test_a_therapist_without_hours_books_nothing(self, therapist, record_intake):
        plan = record_intake().plans.get()
        plans.plan_accept(plan=plan, user=therapist)
        assert not Appointment.objects.exists()
        assert plan_slots(plan).no_hours

    def test_a_room_is_chosen(self, therapist, hours, record_intake):
        room = Room.objects.create(name="Raum 1")
        plan = record_intake().plans.get()
        plans.plan_accept(plan=plan, user=therapist)
        assert set(Appointment.objects.values_list("room", flat=True)) == {room.pk}

    def test_a_slot_taken_meanwhile_is_searched_again(self, therapist, hours, record_intake):
        plan = record_intake().plans.get()
        plans.plan_accept(plan=plan, user=therapist)
        Appointment.objects.all().delete()  # a plan accepted before its sessions were booked
        now = timezone.now()
        found = plan_slots(plan, now=now)
        first = next(row for row in found.rows if row.result and row.result.slot)
        taken = first.result.slot
        other = make_client(therapist)
        appointments.appointment_book(
            therapist=therapist, client=other, start=taken.start, duration_minutes=60, now=now
        )
        summary = booking.book_found(plan=plan, found=found, now=now)
        mine = Appointment.objects.get(planned_session=first.session)
        assert mine.start != taken.start and mine in summary.booked
        assert_no_overlaps(therapist)


@pytest.fixture
def accepted(therapist, hours, record_intake):
    plan = record_intake().plans.get()
    return plans.plan_accept(plan=plan, user=therapist)


@pytest.mark.django_db
class TestAfterwards:
    def test_a_cancelled_appointment_is_offered_again_and_rebooked(self, accepted):
        appointment = Appointment.objects.filter(planned_session__plan=accepted).order_by("start").first()
        session = appointment.planned_session
        appointments.appointment_cancel(appointment=appointment, by_client=False)
        row = next(r for r in plan_slots(accepted).rows if r.session.pk == session.pk)
        assert row.appointment is None and row.result is not None and row.result.slot is not None
        again = booking.planned_session_book(session=session, start=row.result.slot.start)
        assert again.planned_session == session and again.planned_session.number == session.number
        with pytest.raises(booking.SessionNotBookableError):
            booking.planned_session_book(session=session, start=row.result.slot.start + timedelta(days=1))

    def test_a_move_keeps_the_number_and_moves_the_date(self, accepted):
        appointment = Appointment.objects.filter(planned_session__plan=accepted).order_by("start").first()
        number = appointment.planned_session.number
        start = appointment.start.astimezone(practice_tz())
        target = start.replace(hour=9, minute=0) + timedelta(days=1)
        while (
            target.weekday() >= 5
            or Appointment.objects.filter(start__date=target.date(), therapist=appointment.therapist).exists()
        ):
            target += timedelta(days=1)
        moved = appointments.appointment_move(appointment=appointment, start=target)
        session = PlannedSession.objects.get(pk=moved.planned_session_id)
        assert session.number == number and session.date == target.date()

    def test_a_conflicting_chosen_time_is_refused_with_its_reason(self, accepted):
        taken = Appointment.objects.filter(planned_session__plan=accepted).order_by("start")
        first, second = taken[0], taken[1]
        appointments.appointment_cancel(appointment=second, by_client=True)
        with pytest.raises(appointments.SlotConflictError) as refused:
            booking.planned_session_book(session=second.planned_session, start=first.start)
        assert "overlap" in refused.value.reasons

    def test_a_proposed_plan_is_not_booked_by_session(self, therapist, hours, record_intake):
        plan = record_intake().plans.get()
        session = plan.sessions.first()
        start = timezone.now() + timedelta(days=30)
        with pytest.raises(booking.SessionNotBookableError):
            booking.planned_session_book(session=session, start=start)

    def test_recording_the_session_marks_its_appointment_done(self, therapist, hours, record_intake):
        intake = record_intake()
        plan = plans.plan_accept(plan=intake.plans.get(), user=therapist)
        Appointment.objects.all().delete()
        session = plan.sessions.order_by("date").first()
        now = timezone.now()
        start = now.astimezone(practice_tz()).replace(hour=9, minute=0, second=0, microsecond=0)
        while start.weekday() >= 5:
            start -= timedelta(days=1)
        if start > now - timedelta(hours=1):
            start -= timedelta(days=1 if start.weekday() > 0 else 3)
        appointment = appointments.appointment_book(
            therapist=therapist,
            client=intake.client,
            start=start,
            duration_minutes=60,
            planned_session=session,
            now=start - timedelta(days=1),
        )
        sessions.session_record(
            user=therapist,
            client=intake.client,
            planned=session,
            data=sessions.SessionInput(
                held_at=start,
                duration_minutes=60,
                pain_before=5,
                pain_after=3,
                feedback="",
                subjective="",
                objective="",
                assessment="",
                soap_plan="",
                muscles=[],
                regions={},
                submission_key=uuid.uuid4(),
            ),
        )
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.DONE
