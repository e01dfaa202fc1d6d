"""``selectors.availability``: the appointment book's rows as the core's plain data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from tests.conftest import make_client
from triggerfinder.core import availability as core
from triggerfinder.models import Absence, Appointment, ClosingDay, Room, WorkingHours
from triggerfinder.selectors import availability as book

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2027, 3, 1)

SAXONY_2026 = {
    date(2026, 1, 1),  # Neujahr
    date(2026, 4, 3),  # Karfreitag
    date(2026, 4, 6),  # Ostermontag
    date(2026, 5, 1),
    date(2026, 5, 14),  # Christi Himmelfahrt
    date(2026, 5, 25),  # Pfingstmontag
    date(2026, 10, 3),
    date(2026, 10, 31),  # Reformationstag
    date(2026, 11, 18),  # Buß- und Bettag
    date(2026, 12, 25),
    date(2026, 12, 26),
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def appointment(therapist, client, start, minutes=60, **extra) -> Appointment:
    found = Appointment(therapist=therapist, client=client, start=start, duration_minutes=minutes, **extra)
    found.save()
    return found


class TestHolidays:
    def test_saxony_2026(self):
        assert book.public_holidays(date(2026, 1, 1), date(2026, 12, 31)) == SAXONY_2026

    def test_saxony_2027_over_the_turn_of_the_year(self):
        found = book.public_holidays(date(2026, 12, 20), date(2027, 1, 10))
        assert found == {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)}
        assert {date(2027, 3, 26), date(2027, 3, 29), date(2027, 11, 17)} <= book.public_holidays(
            date(2027, 1, 1), date(2027, 12, 31)
        )

    @override_settings(TRIGGERFINDER_HOLIDAYS=("DE",))
    def test_the_country_alone_has_no_state_holidays(self):
        found = book.public_holidays(date(2026, 1, 1), date(2026, 12, 31))
        assert date(2026, 12, 25) in found
        assert date(2026, 11, 18) not in found

    @override_settings(TRIGGERFINDER_HOLIDAYS=None)
    def test_none_for_none(self):
        assert book.public_holidays(date(2026, 1, 1), date(2026, 12, 31)) == frozenset()


@pytest.mark.django_db
class TestBookData:
    @pytest.fixture
    def erika(self, therapist):
        return make_client(therapist)

    def test_working_hours_absences_and_closed_days(self, therapist, other_therapist):
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(14), end=time(18))
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(9), end=time(12))
        WorkingHours.objects.create(therapist=therapist, weekday=3, start=time(8), end=time(13))
        WorkingHours.objects.create(therapist=other_therapist, weekday=1, start=time(8), end=time(9))
        inside = Absence.objects.create(
            therapist=therapist, start=at(MONDAY, 0), end=at(MONDAY, 12), kind="training"
        )
        Absence.objects.create(
            therapist=therapist, start=at(MONDAY + timedelta(30), 0), end=at(MONDAY + timedelta(31), 0)
        )
        Absence.objects.create(therapist=other_therapist, start=at(MONDAY, 0), end=at(MONDAY, 12))
        ClosingDay.objects.create(date=MONDAY + timedelta(2), reason="Inventur")
        ClosingDay.objects.create(date=MONDAY + timedelta(60))

        found = book.therapist_availability(therapist, MONDAY, MONDAY + timedelta(6))

        assert found.hours == core.WeeklyHours(
            {0: ((time(9), time(12)), (time(14), time(18))), 3: ((time(8), time(13)),)}
        )
        assert found.absences == (core.Absence(inside.start, inside.end, "training"),)
        assert found.closed.closing_days == {MONDAY + timedelta(2)}
        assert found.tz == BERLIN
        assert found.buffer_minutes == 0

    @override_settings(TRIGGERFINDER_APPOINTMENT_BUFFER_MINUTES=10)
    def test_the_buffer_comes_from_the_settings(self, therapist):
        assert book.therapist_availability(therapist, MONDAY, MONDAY).buffer_minutes == 10

    def test_busy_intervals_in_utc_of_active_appointments_only(self, therapist, other_therapist, erika):
        booked = appointment(therapist, erika, at(MONDAY, 10))
        done = appointment(therapist, erika, at(MONDAY, 14), status="done")
        appointment(therapist, erika, at(MONDAY, 15), status="cancelled-late")
        appointment(therapist, erika, at(MONDAY + timedelta(10), 15))  # outside the days
        appointment(other_therapist, make_client(other_therapist), at(MONDAY, 10))

        data = book.book_data(therapist, MONDAY, MONDAY)

        assert data.busy == (
            core.Interval(
                datetime(2027, 3, 1, 9, tzinfo=UTC), datetime(2027, 3, 1, 10, tzinfo=UTC), str(booked.pk)
            ),
            core.Interval(
                datetime(2027, 3, 1, 13, tzinfo=UTC), datetime(2027, 3, 1, 14, tzinfo=UTC), str(done.pk)
            ),
        )
        assert all(interval.start.tzinfo is UTC for interval in data.busy)
        assert data.rooms == {}
        assert [i.key for i in book.book_data(therapist, MONDAY, MONDAY, exclude=booked.pk).busy] == [
            str(done.pk)
        ]

    def test_rooms_in_name_order_with_their_busy_times(self, therapist, other_therapist, erika):
        big, small = Room.objects.create(name="B groß"), Room.objects.create(name="A klein")
        Room.objects.create(name="C alt", active=False)
        mine = appointment(therapist, erika, at(MONDAY, 10), room=big)
        theirs = appointment(other_therapist, make_client(other_therapist), at(MONDAY, 11), room=big)

        data = book.book_data(therapist, MONDAY, MONDAY)

        assert list(data.rooms) == [str(small.pk), str(big.pk)]
        assert data.rooms[str(small.pk)] == ()
        assert [i.key for i in data.rooms[str(big.pk)]] == [str(mine.pk), str(theirs.pk)]
        assert [i.key for i in data.busy] == [str(mine.pk)]

    def test_a_bounded_number_of_queries(self, therapist, erika, django_assert_num_queries):
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(8), end=time(20))
        room = Room.objects.create(name="A")
        for week in range(2):
            appointment(therapist, erika, at(MONDAY + timedelta(weeks=week), 9), room=room)
        with django_assert_num_queries(6):
            few = book.book_data(therapist, MONDAY, MONDAY + timedelta(days=60))
        for week in range(2, 40):
            for hour in (9, 11, 14, 16):
                appointment(therapist, erika, at(MONDAY + timedelta(weeks=week), hour), room=room)
        with django_assert_num_queries(6):
            many = book.book_data(therapist, MONDAY, MONDAY + timedelta(days=300))
        assert (len(few.busy), len(many.busy)) == (2, 2 + 38 * 4)

    def test_the_core_refuses_what_the_rows_say(self, therapist, erika):
        """Rows in, the core's verdict out: the selector's data are what the core expects."""
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(9), end=time(12))
        taken = appointment(therapist, erika, at(MONDAY, 10))
        data = book.book_data(therapist, MONDAY, MONDAY)
        found = core.conflicts(
            core.Interval(at(MONDAY, 10, 30), at(MONDAY, 11, 30)),
            availability=data.availability,
            therapist_busy=data.busy,
        )
        assert found == (core.Conflict(core.REASON_OVERLAP, str(taken.pk)),)
