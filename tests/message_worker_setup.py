"""Fills a practice database with reminders due now, for tests/test_message_worker.py and
benchmarks/bench_messages.py: ``python -m tests.message_worker_setup COUNT [HANG_ADDRESS]``.

COUNT clients, each agreeing to messages with one booked appointment tomorrow and its reminder
due now, queued for the task framework's database workers. The client with HANG_ADDRESS (if
given) is the first. Prints the appointment keys' count when done.
"""

import os
import sys
from datetime import time, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from triggerfinder.models import Appointment, Client, OutgoingMessage, WorkingHours  # noqa: E402
from triggerfinder.services.messaging.tasks import enqueue  # noqa: E402

USERNAME = "erinnerung"


def setup(count: int, hang_address: str) -> None:
    now = timezone.now()
    therapist = get_user_model().objects.create_user(
        username=USERNAME, password="not-used-here-1234", first_name="Lena", last_name="Hartmann"
    )
    for weekday in range(7):
        WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(0), end=time(23, 59))
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            Client(
                first_name=f"Kund{i}",
                last_name="Erinnert",
                email=hang_address if i == 0 and hang_address else f"kunde{i}@example.org",
                preferred_language="en" if i % 2 else "de",
                therapist=therapist,
                messages_consent_at=now,
                messages_consent_recorded_by=therapist,
            )
            for i in range(count)
        )
        tomorrow = now + timedelta(days=1)
        appointments = Appointment.objects.bulk_create(
            Appointment(
                therapist=therapist,
                client=client,
                start=tomorrow + timedelta(minutes=20 * i),
                end=tomorrow + timedelta(minutes=20 * i + 15),
                duration_minutes=15,
            )
            for i, client in enumerate(clients)
        )
        messages = OutgoingMessage.objects.bulk_create(
            OutgoingMessage(
                key=f"reminder:{appointment.pk}:{int(appointment.start.timestamp())}",
                kind=OutgoingMessage.Kind.REMINDER,
                client=appointment.client,
                appointment=appointment,
                due_at=now - timedelta(seconds=1),
            )
            for appointment in appointments
        )
        for message in messages:
            enqueue(message)
    print(len(messages), flush=True)


if __name__ == "__main__":
    setup(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
