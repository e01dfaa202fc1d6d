"""One booking process for tests/test_appointment_concurrency.py.

``setup``: a therapist working every day 06:00–22:00 and a client. Otherwise it books on command:
each line on stdin is an ISO start time; the answer on stdout is ``won``, ``conflict <reasons>`` or
``locked`` ("database is locked"); ``quit`` ends it.
"""

import os
import sys
from datetime import datetime, time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import OperationalError  # noqa: E402

from triggerfinder.models import Client, WorkingHours  # noqa: E402
from triggerfinder.services.appointments import SlotConflictError, appointment_book  # noqa: E402

USERNAME, LAST_NAME = "gleichzeitig", "Gleichzeitig"


def setup() -> None:
    therapist = get_user_model().objects.create_user(username=USERNAME, password="not-used-here-1234")
    for weekday in range(7):
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(6), end=time(22))
    Client.objects.create(first_name="Erika", last_name=LAST_NAME, therapist=therapist)


def serve() -> None:
    therapist = get_user_model().objects.get(username=USERNAME)
    client = Client.objects.get(last_name=LAST_NAME)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        try:
            appointment_book(
                therapist=therapist, client=client, start=datetime.fromisoformat(command), duration_minutes=60
            )
            answer = "won"
        except SlotConflictError as error:
            answer = "conflict " + ",".join(error.reasons)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            answer = "locked"
        print(answer, flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["setup"]:
        setup()
    else:
        serve()
