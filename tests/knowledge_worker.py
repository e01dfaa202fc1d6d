"""One app process for tests/test_knowledge_processes.py: answers commands on stdin, one per line.

- ``preview <contraindication>``: the live preview's level for an intake with that finding (the
  cached knowledge snapshot).
- ``intake <contraindication>``: a new client and intake with that finding; prints the plan's id.
- ``accept <plan id>``: tries to accept the plan; prints ``accepted`` or ``blocked``.
- ``level <contraindication> <level>``: changes the level as the admin would (validated save).
"""

import os
import sys
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.answers import answered  # noqa: E402
from triggerfinder.core import planning  # noqa: E402
from triggerfinder.models import Contraindication, TreatmentPlan  # noqa: E402
from triggerfinder.selectors.knowledge import knowledge_snapshot  # noqa: E402
from triggerfinder.services import intakes, plans  # noqa: E402


def answer(command: str, *args: str) -> str:
    therapist = get_user_model().objects.get(username="therapeutin")
    if command == "preview":
        decision = planning.intake_decision(
            knowledge_snapshot(),
            contraindications=[args[0]],
            regions=["lower-back"],
            today=timezone.localdate(),
        )
        return decision.level
    if command == "intake":
        intake, _created = intakes.intake_create(
            user=therapist,
            data=intakes.IntakeInput(
                regions={"lower-back": 5},
                overall_pain=5,
                duration_months=14,
                factors=[],
                answers=answered({"lower-back": 5}, [args[0]]),
                notes="",
                start=None,
                submission_key=uuid.uuid4(),
            ),
            today=timezone.localdate(),
            client_fields={"first_name": "Zwei", "last_name": "Prozesse"},
        )
        return str(intake.plans.get().pk)
    if command == "accept":
        try:
            plans.plan_accept(plan=TreatmentPlan.objects.get(pk=int(args[0])), user=therapist)
        except plans.PlanBlockedError:
            return "blocked"
        return "accepted"
    if command == "level":
        entry = Contraindication.objects.get(slug=args[0])
        entry.level = args[1]
        entry.full_clean()
        entry.save()
        return "saved"
    return f"unknown command {command}"


def main() -> int:
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        print(answer(*words), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
