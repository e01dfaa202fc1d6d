from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from triggerfinder.backup import (
    BackupError,
    file_sha256,
    open_sqlite_readonly,
    pg_backup,
    sqlite_backup,
    table_counts,
)


def write_counts(command: BaseCommand, counts: dict[str, int]) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        command.stdout.write(f"  {name:<{width}}  {count:>8}")
    command.stdout.write(f"  {len(counts)} tables, {sum(counts.values())} rows")


class Command(BaseCommand):
    help = (
        "Back up the database into one file: SQLite through SQLite's backup API (consistent under WAL), "
        "PostgreSQL with pg_dump --format=custom. Restore it with the restore command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="The backup file to write.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help='The database alias to back up (default "default").'
        )
        parser.add_argument("--force", action="store_true", help="Replace --output if it exists.")

    def handle(self, *args: Any, output: Path, database: str, force: bool, **options: Any) -> None:
        if database not in connections:
            raise CommandError(f"Unknown database alias {database!r}.")
        connection = connections[database]
        try:
            if connection.vendor == "sqlite":
                sqlite_backup(connection, output, overwrite=force)
                with closing(open_sqlite_readonly(output)) as backup:
                    counts = table_counts(backup)
                source = "in the backup"
            elif connection.vendor == "postgresql":
                pg_backup(connection.settings_dict, output, overwrite=force)
                counts = table_counts(connection)
                source = "in the live database as the dump finished"
            else:
                raise CommandError(
                    f"Backing up a {connection.vendor} database is not supported (only SQLite and PostgreSQL)."
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backed up database {database!r} to {output}")
        self.stdout.write(f"Rows per table ({source}):")
        write_counts(self, counts)
        self.stdout.write(f"SHA-256: {file_sha256(output)}  {output}")
