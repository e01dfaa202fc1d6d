from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from triggerfinder.services.privacy import purge


class Command(BaseCommand):
    help = (
        "Remove restricted (deleted) client records whose retention period has passed, with their "
        "history rows and access log. --dry-run only lists them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        today = timezone.localdate()
        candidates = purge.purge_candidates(today=today)
        for client in candidates:
            until = purge.retention_until(client)
            if dry_run:
                self.stdout.write(f"would remove client {client.pk} (retention ended {until:%Y-%m-%d})")
                continue
            removed = purge.client_purge(client=client)
            rows = sum(removed.values())
            self.stdout.write(f"removed client {client.pk} (retention ended {until:%Y-%m-%d}): {rows} rows")
        self.stdout.write(f"{len(candidates)} client record(s) past their retention period.")
