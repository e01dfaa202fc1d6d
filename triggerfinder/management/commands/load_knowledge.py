from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triggerfinder.services.knowledge.document import SHIPPED_FILE, KnowledgeImportError, load_document
from triggerfinder.services.knowledge.importing import knowledge_import


class Command(BaseCommand):
    help = (
        "Load the trigger-point knowledge base (the shipped one, or --file). Idempotent: entries that "
        "already exist keep their admin edits unless --reset is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=SHIPPED_FILE, help="A knowledge base JSON file.")
        parser.add_argument(
            "--reset", action="store_true", help="Overwrite existing entries with the file's values."
        )

    def handle(self, *args: Any, file: Path, reset: bool, **options: Any) -> None:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            summary = knowledge_import(load_document(raw), reset=reset)
        except KnowledgeImportError as exc:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(exc.problems)) from None
        self.stdout.write(
            f"Knowledge base: {summary.total('created')} created, {summary.total('updated')} updated, "
            f"{summary.total('kept')} kept as they were."
        )
