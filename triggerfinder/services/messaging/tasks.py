"""The background tasks of the messages, on Django's task framework (the ``django-tasks`` backport
on Django 5.2, ``django.tasks`` from 6.0). Which backend runs them is the host's choice (``TASKS``);
the clinic project uses the database backend and ``manage.py db_worker``."""

from __future__ import annotations

import os
import socket

from django.db import transaction
from django.utils import timezone

try:
    from django.tasks import task  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

from triggerfinder.models import OutgoingMessage
from triggerfinder.services.messaging import delivery

WORKER = f"{socket.gethostname()}:{os.getpid()}"


@task()
def deliver_message(message_id: int) -> str:
    """Send one message; after a temporary failure, queue the next attempt at its back-off time."""
    outcome = delivery.deliver(message_id, worker=WORKER)
    if outcome == delivery.RETRY:
        enqueue(OutgoingMessage.objects.only("pk", "due_at").get(pk=message_id))
    return outcome


def enqueue(message: OutgoingMessage) -> None:
    """Hand the message to a worker once the transaction that wrote it has committed, to run at its
    due time. A backend that cannot wait (the framework's immediate one, a host project's default)
    gets it only once it is due: ``requeue_messages``, run from a timer, hands it over then."""
    pk, due = message.pk, message.due_at

    def hand_over() -> None:
        if deliver_message.get_backend().supports_defer:
            deliver_message.using(run_after=due).enqueue(pk)
        elif due <= timezone.now():
            deliver_message.enqueue(pk)

    transaction.on_commit(hand_over)
