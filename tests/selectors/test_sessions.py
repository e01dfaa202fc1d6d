"""selectors.sessions: one recorded session, one planned session, and the open ones of a client."""

from __future__ import annotations

import pytest

from tests.conftest import make_client
from tests.selectors.records import accepted, held, new_intake, plan_of
from triggerfinder.models import PlannedSession
from triggerfinder.selectors.clients import HiddenRecordError
from triggerfinder.selectors.sessions import open_planned_sessions, planned_session_get, session_get
from triggerfinder.services import plans

pytestmark = pytest.mark.django_db


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


def test_session_get_for_its_therapist_only(therapist, other_therapist):
    plan = accepted(therapist, new_intake(therapist))
    session = held(plan, therapist, days_ago=1, before=5)
    found = session_get(user=therapist, pk=session.pk)
    assert found == session and found.client == plan.client
    with pytest.raises(HiddenRecordError):
        session_get(user=other_therapist, pk=session.pk)


def test_planned_session_get_for_its_therapist_only(therapist, other_therapist):
    plan = plan_of(new_intake(therapist))
    planned = plan.sessions.first()
    assert planned_session_get(user=therapist, pk=planned.pk).plan == plan
    with pytest.raises(HiddenRecordError):
        planned_session_get(user=other_therapist, pk=planned.pk)


def test_open_planned_sessions_by_date_without_done_or_cancelled(therapist):
    plan = accepted(therapist, new_intake(therapist))
    dates = list(plan.sessions.order_by("date", "pk"))
    PlannedSession.objects.filter(pk=dates[0].pk).update(status=PlannedSession.Status.MISSED)
    assert ids(open_planned_sessions(plan.client)) == ids(dates[1:])


def test_a_cancelled_plan_has_no_open_sessions(therapist):
    plan = plan_of(new_intake(therapist))
    assert ids(open_planned_sessions(plan.client)) == ids(plan.sessions.order_by("date", "pk"))
    plans.plan_cancel(plan=plan)
    assert open_planned_sessions(plan.client) == []


def test_no_plan_no_open_sessions(therapist):
    assert open_planned_sessions(make_client(therapist)) == []
