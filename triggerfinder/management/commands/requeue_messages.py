"""Hand every due message to a worker again: those whose task was lost and those a crashed worker
had claimed (``services.messaging.outbox.requeue_due``). Run at a worker's start and from a timer
(docs/deployment.md); safe on several machines at once, the claim decides who sends."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from triggerfinder.services.messaging.outbox import requeue_due


class Command(BaseCommand):
    help = "Queue every due message of the outbox again (after a crash or a lost task)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_due()
        if options["verbosity"]:
            self.stdout.write(f"{count} message(s) queued")
