from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from triggerfinder.services.knowledge.export import knowledge_export_json


class Command(BaseCommand):
    help = "Write the whole knowledge base as JSON (the format load_knowledge reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="File to write; standard output when left out.")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        text = knowledge_export_json()
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
