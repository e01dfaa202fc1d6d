from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from triggerfinder.models import PlannedSession, TreatmentPlan
from triggerfinder.services import findings, plans
from triggerfinder.services.guards import TooEarlyError


@pytest.mark.django_db
class TestPlans:
    def test_the_intake_proposes_a_plan_with_its_dates(self, record_intake):
        plan = record_intake().plans.get()
        assert plan.status == TreatmentPlan.Status.PROPOSED
        assert plan.sessions.count() >= plan.cycle_length and plan.focus.exists()

    def test_reschedule_replaces_the_dates(self, record_intake):
        plan = record_intake().plans.get()
        plans.plan_reschedule(plan=plan, cycle_length=plan.cycle_length - 1)
        cycle = plan.sessions.filter(kind="cycle")
        assert cycle.count() == plan.cycle_length
        assert list(cycle.order_by("date").values_list("number", flat=True)) == list(
            range(1, plan.cycle_length + 1)
        )

    def test_set_dates_moves_one_session_and_bumps_the_version(self, record_intake):
        plan = record_intake().plans.get()
        session = plan.sessions.order_by("date").last()
        version = plan.version
        later = session.date + datetime.timedelta(days=7)
        plans.plan_set_dates(plan=plan, dates={session.pk: later})
        assert PlannedSession.objects.get(pk=session.pk).date == later
        assert TreatmentPlan.objects.get(pk=plan.pk).version > version

    def test_an_accepted_plan_is_not_edited(self, therapist, record_intake):
        plan = plans.plan_accept(plan=record_intake().plans.get(), user=therapist)
        assert plan.status == TreatmentPlan.Status.ACCEPTED and plan.accepted_by == therapist
        with pytest.raises(plans.PlanNotEditableError):
            plans.plan_reschedule(plan=plan, cycle_length=4)
        with pytest.raises(plans.PlanNotEditableError):
            plans.plan_accept(plan=plan, user=therapist)

    def test_a_red_flag_blocks_accepting_until_cleared(self, therapist, record_intake):
        intake = record_intake(yes=["numbness"])
        plan = intake.plans.get()
        with pytest.raises(plans.PlanBlockedError):
            plans.plan_accept(plan=plan, user=therapist)
        finding = intake.client.findings.get()
        findings.clearance_record(
            client=intake.client,
            user=therapist,
            cleared_on=timezone.localdate(),
            note="Dr. Weber",
            findings=[finding.pk],
        )
        assert plans.plan_accept(plan=plan, user=therapist).status == TreatmentPlan.Status.ACCEPTED

    def test_a_postponement_refuses_earlier_dates(self, record_intake):
        plan = record_intake(yes=["recent-surgery"]).plans.get()
        assert plan.start_date > timezone.localdate()
        with pytest.raises(TooEarlyError):
            plans.plan_reschedule(plan=plan, start_date=timezone.localdate())

    def test_a_new_accepted_plan_supersedes_the_old_one(self, therapist, record_intake):
        first = record_intake()
        old = plans.plan_accept(plan=first.plans.get(), user=therapist)
        new = record_intake(client=first.client).plans.get()
        plans.plan_accept(plan=new, user=therapist)
        old.refresh_from_db()
        assert old.status == TreatmentPlan.Status.CANCELLED
        assert not old.sessions.filter(status__in=PlannedSession.OPEN).exists()

    def test_cancel_once_and_only_an_open_plan(self, record_intake):
        plan = plans.plan_cancel(plan=record_intake().plans.get())
        assert plan.status == TreatmentPlan.Status.CANCELLED
        assert set(plan.sessions.values_list("status", flat=True)) == {PlannedSession.Status.CANCELLED}
        with pytest.raises(plans.PlanNotCancellableError):
            plans.plan_cancel(plan=plan)
