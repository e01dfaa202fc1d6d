from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from triggerfinder.handout.export import client_handout_pdf
from triggerfinder.models import Client


class Command(BaseCommand):
    help = "Write a client's self-care handout as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_pk", type=int)
        parser.add_argument("--output", type=Path, required=True, help="The PDF file to write.")
        parser.add_argument(
            "--language", choices=["de", "en"], help="Default: the client's preferred language."
        )

    def handle(self, *args: Any, client_pk: int, output: Path, language: str | None, **options: Any) -> None:
        client = Client.objects.filter(pk=client_pk).first()
        if client is None:
            raise CommandError(f"There is no client {client_pk}.")
        pdf = client_handout_pdf(client, language=language, today=timezone.localdate())
        if pdf is None:
            raise CommandError(f"Client {client_pk} has no treatment plan yet: record an intake first.")
        try:
            output.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from None
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
