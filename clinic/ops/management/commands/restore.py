from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import IO, Any

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import ConnectorError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.db.migrations.executor import MigrationExecutor

from clinic.ops.backup import (
    PG_CUSTOM_MAGIC,
    BackupError,
    application_rows,
    check_sqlite_backup,
    decrypt,
    file_sha256,
    is_openpgp,
    table_counts,
    write_private,
)
from clinic.ops.management.commands.backup import supported_connection, write_counts


def check_dump(dump: IO[bytes], vendor: str, name: Path) -> None:
    """Refuse a file that is not a backup of this engine before anything else is looked at."""
    dump.seek(0)
    if vendor == "postgresql":
        if dump.read(len(PG_CUSTOM_MAGIC)) != PG_CUSTOM_MAGIC:
            raise BackupError(f"{name} is not a pg_dump custom-format archive (made by `backup`).")
    else:
        with tempfile.TemporaryDirectory(prefix="restore-check-") as directory:
            copy = write_private(dump, Path(directory) / "backup.sqlite3")
            try:
                check_sqlite_backup(copy)
            except BackupError as exc:
                raise BackupError(str(exc).replace(str(copy), str(name))) from None
    dump.seek(0)


class Command(BaseCommand):
    help = (
        "Restore a file made by the backup command into the database (decrypting it with GPG). Refuses a "
        "database that holds data unless --yes is given, which replaces everything in it."
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
        connection = supported_connection(database, "Restoring")
        try:
            if not file.is_file():
                raise BackupError(f"{file} does not exist or is not a file.")
            self.stdout.write(f"SHA-256: {file_sha256(file)}  {file}")
            encrypted = is_openpgp(file)
            with contextlib.ExitStack() as stack:
                dump = decrypt(file) if encrypted else stack.enter_context(file.open("rb"))
                stack.callback(dump.close)
                check_dump(dump, connection.vendor, file)
                if not yes:
                    rows = application_rows(connection)
                    if rows:
                        listed = ", ".join(f"{name} ({count})" for name, count in list(rows.items())[:8])
                        more = f" and {len(rows) - 8} more tables" if len(rows) > 8 else ""
                        raise CommandError(
                            f"Database {database!r} is not empty; it holds rows in {listed}{more}. Nothing "
                            "was restored. Pass --yes to replace everything in it with the backup."
                        )
                get_connector(database).restore_dump(dump)
        except (BackupError, ConnectorError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored {file} into database {database!r}" + (" (decrypted)." if encrypted else ".")
        )
        self.stdout.write("Rows per table:")
        write_counts(self, table_counts(connection))
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migration(s) of this version: run `manage.py migrate`."
            )
