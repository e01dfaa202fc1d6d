from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from triggerfinder.backup import (
    BackupError,
    application_rows,
    check_pg_backup,
    check_sqlite_backup,
    pg_restore,
    sqlite_restore,
    table_counts,
)
from triggerfinder.management.commands.backup import write_counts


class Command(BaseCommand):
    help = (
        "Restore a file made by the backup command into the database. Refuses a database that holds "
        "data unless --yes is given, which replaces everything in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A backup file made by the backup command.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help='The database alias to restore into (default "default").',
        )
        parser.add_argument(
            "--yes", action="store_true", help="Replace the database even though it holds data."
        )

    def handle(self, *args: Any, file: Path, database: str, yes: bool, **options: Any) -> None:
        if database not in connections:
            raise CommandError(f"Unknown database alias {database!r}.")
        connection = connections[database]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(
                f"Restoring a {connection.vendor} database is not supported (only SQLite and PostgreSQL)."
            )
        try:
            # The file first: a wrong file is refused before anything else is looked at.
            (check_sqlite_backup if connection.vendor == "sqlite" else check_pg_backup)(file)
            if not yes:
                rows = application_rows(connection)
                if rows:
                    listed = ", ".join(f"{name} ({count})" for name, count in list(rows.items())[:8])
                    more = f" and {len(rows) - 8} more tables" if len(rows) > 8 else ""
                    raise CommandError(
                        f"Database {database!r} is not empty; it holds rows in {listed}{more}. Nothing was "
                        "restored. Pass --yes to replace everything in it with the backup."
                    )
            if connection.vendor == "sqlite":
                sqlite_restore(file, connection)
            else:
                pg_restore(file, connection.settings_dict)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {file} into database {database!r}.")
        self.stdout.write("Rows per table:")
        write_counts(self, table_counts(connection))
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migration(s) of this version: run `manage.py migrate`."
            )
