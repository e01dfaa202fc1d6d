"""One writer process for tests/test_concurrency.py: N intakes (client, intake, plan) and sessions."""

import os
import sys
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import OperationalError  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.answers import answered, session_input  # noqa: E402
from triggerfinder.services import intakes, sessions  # noqa: E402


def main(worker: int, count: int) -> int:
    therapist = get_user_model().objects.get(username="therapeutin")
    locked = 0
    for number in range(count):
        try:
            intake, _created = intakes.intake_create(
                user=therapist,
                data=intakes.IntakeInput(
                    regions={"lower-back": 6, "neck": 3},
                    overall_pain=6,
                    duration_months=14,
                    factors=["prolonged-sitting"],
                    answers=answered({"lower-back": 6, "neck": 3}, []),
                    notes="",
                    start=None,
                    submission_key=uuid.uuid4(),
                ),
                today=timezone.localdate(),
                client_fields={"first_name": f"W{worker}", "last_name": f"N{number}"},
            )
            sessions.session_record(
                user=therapist,
                client=intake.client,
                data=session_input(muscles=[("quadratus-lumborum", "both", "")]),
            )
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            locked += 1
    print(f"locked={locked}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
