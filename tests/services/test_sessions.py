from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.answers import session_input
from triggerfinder.models import PlannedSession, SessionRegionPain, TreatedMuscle, TreatmentSession
from triggerfinder.services import plans, sessions
from triggerfinder.services.guards import TooEarlyError


@pytest.fixture
def accepted(therapist, record_intake):
    return plans.plan_accept(plan=record_intake().plans.get(), user=therapist)


@pytest.mark.django_db
class TestSessionRecord:
    def test_records_muscles_and_pain_and_marks_the_planned_session_done(self, therapist, accepted):
        planned = accepted.sessions.get(kind="cycle", number=1)
        session, created = sessions.session_record(
            user=therapist, client=accepted.client, data=session_input(), planned=planned
        )
        assert created and session.plan == accepted and session.therapist == therapist
        assert TreatedMuscle.objects.filter(session=session).count() == 1
        assert SessionRegionPain.objects.filter(session=session).count() == 1
        assert PlannedSession.objects.get(pk=planned.pk).status == PlannedSession.Status.DONE

    def test_the_same_submission_twice_records_one_session(self, therapist, accepted):
        data = session_input()
        first, _ = sessions.session_record(user=therapist, client=accepted.client, data=data)
        again, created = sessions.session_record(user=therapist, client=accepted.client, data=data)
        assert again == first and not created and TreatmentSession.objects.count() == 1

    def test_a_planned_session_is_fulfilled_once(self, therapist, accepted):
        planned = accepted.sessions.get(kind="cycle", number=1)
        sessions.session_record(user=therapist, client=accepted.client, data=session_input(), planned=planned)
        with pytest.raises(sessions.SessionAlreadyRecordedError):
            sessions.session_record(
                user=therapist, client=accepted.client, data=session_input(), planned=planned
            )
        assert TreatmentSession.objects.count() == 1

    def test_the_gate_refuses_an_uncleared_red_flag(self, therapist, record_intake):
        client = record_intake(yes=["numbness"]).client
        with pytest.raises(sessions.SessionRefusedError) as refused:
            sessions.session_record(user=therapist, client=client, data=session_input())
        assert refused.value.decision.blocked
        assert not TreatmentSession.objects.exists()


@pytest.mark.django_db
class TestCorrectAndMark:
    def test_correct_changes_the_notes_only(self, therapist, accepted):
        session, _ = sessions.session_record(user=therapist, client=accepted.client, data=session_input())
        sessions.session_correct(session=session, feedback="besser")
        assert TreatmentSession.objects.get(pk=session.pk).feedback == "besser"
        with pytest.raises(ValueError):
            sessions.session_correct(session=session, therapist=therapist)

    def test_mark_missed_and_moved(self, accepted):
        planned = accepted.sessions.get(kind="cycle", number=2)
        sessions.planned_session_mark(session=planned, status=PlannedSession.Status.MISSED)
        assert PlannedSession.objects.get(pk=planned.pk).status == PlannedSession.Status.MISSED
        later = planned.date + datetime.timedelta(days=1)
        while later.weekday() >= 5:
            later += datetime.timedelta(days=1)
        sessions.planned_session_mark(session=planned, status=PlannedSession.Status.MOVED, new_date=later)
        moved = PlannedSession.objects.get(pk=planned.pk)
        assert moved.status == PlannedSession.Status.MOVED and moved.date == later

    def test_mark_refuses_other_states_and_a_move_without_a_date(self, accepted):
        planned = accepted.sessions.get(kind="cycle", number=2)
        with pytest.raises(ValueError):
            sessions.planned_session_mark(session=planned, status=PlannedSession.Status.DONE)
        with pytest.raises(ValueError):
            sessions.planned_session_mark(session=planned, status=PlannedSession.Status.MOVED)

    def test_a_move_before_a_postponement_ends_is_refused(self, therapist, record_intake):
        plan = record_intake(yes=["recent-surgery"]).plans.get()
        planned = plan.sessions.get(kind="cycle", number=1)
        with pytest.raises(TooEarlyError):
            sessions.planned_session_mark(
                session=planned, status=PlannedSession.Status.MOVED, new_date=timezone.localdate()
            )
