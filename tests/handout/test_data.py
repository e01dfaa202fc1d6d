"""The handout's input read from the records (handout.data)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import make_client
from tests.handout.shipped import make_plan
from triggerfinder.core import gate
from triggerfinder.handout.data import handout_input


@pytest.mark.django_db
class TestHandoutInput:
    def test_none_without_a_plan(self, therapist):
        assert handout_input(client=make_client(therapist), language="de", today=timezone.localdate()) is None

    def test_plain_data_from_the_plan_and_the_gate(self, therapist_client):
        plan = make_plan(therapist_client)
        today = timezone.localdate()
        data = handout_input(client=plan.client, language="en", today=today)
        assert data is not None
        assert (data.language, data.today, data.client_name) == ("en", today, plan.client.full_name)
        assert isinstance(data.decision, gate.Decision) and not data.decision.blocked
        assert [f.muscle.slug for f in data.focus] == [
            f.muscle.slug for f in plan.focus.select_related("muscle").order_by("position")
        ]
        assert data.sessions and data.session_time == plan.session_time.strftime("%H:%M")
        assert data.baseline == plan.intake.overall_pain
