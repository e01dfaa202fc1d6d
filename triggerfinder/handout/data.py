"""The handout's input gathered from the records: the plain ``HandoutInput`` that ``content.py``
turns into a handout. Reads through ``selectors``, which know nothing of handouts."""

from __future__ import annotations

import datetime

from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import planning
from triggerfinder.handout.structure import HandoutInput, Practice
from triggerfinder.models import Client, PlannedSession
from triggerfinder.selectors import decisions
from triggerfinder.selectors.plans import handout_plan, plan_focus


def handout_input(*, client: Client, language: str, today: datetime.date) -> HandoutInput | None:
    """Plain data for the client's handout; None when there is no plan to write about yet."""
    plan = handout_plan(client)
    if plan is None:
        return None
    sessions = plan.sessions.exclude(status=PlannedSession.Status.CANCELLED).order_by("date")
    return HandoutInput(
        language=language,
        client_name=client.full_name,
        today=today,
        practice=Practice(
            name=conf.PRACTICE_NAME,
            address=conf.PRACTICE_ADDRESS,
            phone=conf.PRACTICE_PHONE,
            logo_path=conf.PRACTICE_LOGO,
        ),
        decision=decisions.client_decision(client, today=today),
        focus=plan_focus(plan),
        factors=[f.slug for f in plan.intake.perpetuating_factors.all()],
        sessions=[planning.PlannedDate(s.number, s.date, s.kind) for s in sessions],
        session_time=plan.session_time.strftime("%H:%M"),
        baseline=plan.intake.overall_pain,
        # Like with like: the pain reported at the start of each session against the intake.
        pain_before=[
            (timezone.localtime(held_at).date(), pain)
            for held_at, pain in client.sessions.filter(held_at__gte=plan.intake.recorded_at)
            .order_by("held_at", "pk")
            .values_list("held_at", "pain_before")
        ],
    )
