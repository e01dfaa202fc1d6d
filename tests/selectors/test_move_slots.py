"""``move_slots``: the free times for moving an appointment, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_appointments_views import FUTURE, at, book, erika
from triggerfinder.selectors.calendar_views import move_slots

__all__ = ["erika"]


def queries(appointment) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        found = move_slots(appointment=appointment, day=FUTURE, now=at(FUTURE, 0) - timedelta(days=1))
    return len(captured), len(found.slots)


@pytest.mark.django_db
def test_query_count_is_the_same_for_10_and_100_appointments(therapist, erika):
    moved = book(therapist, erika, at(FUTURE, 0))
    for number in range(1, 10):
        book(therapist, erika, at(FUTURE, 0, 0) + timedelta(minutes=40 * number))
    few, free_few = queries(moved)
    for number in range(10, 100):
        book(therapist, erika, at(FUTURE, 0, 0) + timedelta(minutes=40 * number))
    many, free_many = queries(moved)
    assert few == many
    assert free_many < free_few


@pytest.mark.django_db
def test_its_own_time_is_offered_and_the_others_are_not(therapist, erika):
    moved = book(therapist, erika, at(FUTURE, 9))
    book(therapist, erika, at(FUTURE, 11))
    starts = {slot.start for slot in move_slots(appointment=moved, day=FUTURE, now=at(FUTURE, 0)).slots}
    assert at(FUTURE, 9) in starts
    assert at(FUTURE, 11) not in starts
    assert not any(at(FUTURE, 11) <= start < at(FUTURE, 11, 30) for start in starts)
