from __future__ import annotations

from pathlib import Path
from typing import Any

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import ConnectorError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from clinic.ops.backup import (
    BackupError,
    encrypt,
    file_sha256,
    gpg_recipient,
    require_encryption,
    table_counts,
    write_private,
)


def write_counts(command: BaseCommand, counts: dict[str, int]) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        command.stdout.write(f"  {name:<{width}}  {count:>8}")
    command.stdout.write(f"  {len(counts)} tables, {sum(counts.values())} rows")


def backup_directory() -> Path:
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


class Command(BaseCommand):
    help = (
        "Back up the database into one file encrypted with GPG to BACKUP_GPG_RECIPIENT (django-dbbackup): "
        "SQLite through SQLite's backup API (consistent under WAL), PostgreSQL with pg_dump --format=custom. "
        "Refuses to write a plain-text backup unless BACKUP_ALLOW_UNENCRYPTED is on. Restore it with restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="The backup file to write (default: a new file in BACKUP_DIR)."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help='The database alias to back up (default "default").'
        )
        parser.add_argument("--force", action="store_true", help="Replace --output if it exists.")

    def handle(self, *args: Any, output: Path | None, database: str, force: bool, **options: Any) -> None:
        connection = supported_connection(database, "Backing up")
        try:
            encrypted = require_encryption()
            if output is not None and output.exists() and not force:
                raise BackupError(
                    f"{output} already exists; refusing to overwrite it (pass --force to replace it)."
                )
            connector = get_connector(database)
            dump = connector.create_dump()
            filename = connector.generate_filename()
            if encrypted:
                dump, filename = encrypt(dump, filename)
            output = output if output is not None else backup_directory() / filename
            write_private(dump, output, overwrite=force)
        except (BackupError, ConnectorError) as exc:
            raise CommandError(str(exc)) from None
        if connection.vendor == "sqlite":
            counts, source = connector.counts or {}, "in the backup"
        else:
            counts, source = table_counts(connection), "in the live database as the dump finished"
        self.stdout.write(f"Backed up database {database!r} to {output}")
        if encrypted:
            self.stdout.write(f"Encrypted with GPG to {gpg_recipient()}.")
        else:
            self.stderr.write(
                "NOT encrypted (BACKUP_ALLOW_UNENCRYPTED is on): the file holds health data in plain text."
            )
        self.stdout.write(f"Rows per table ({source}):")
        write_counts(self, counts)
        self.stdout.write(f"SHA-256: {file_sha256(output)}  {output}")


def supported_connection(alias: str, action: str) -> BaseDatabaseWrapper:
    """The connection of a database alias the commands can back up and restore; CommandError for
    an unknown alias or another engine."""
    if alias not in connections:
        raise CommandError(f"Unknown database alias {alias!r}.")
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise CommandError(
            f"{action} a {connection.vendor} database is not supported (only SQLite and PostgreSQL)."
        )
    return connection
