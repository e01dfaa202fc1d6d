"""Backing up and restoring the practice database (the ``backup`` and ``restore`` commands).

SQLite is copied with SQLite's own online backup API (``sqlite3.Connection.backup``), never as a
file copy. The project runs SQLite in WAL mode: committed transactions live in ``db.sqlite3-wal``
until a checkpoint moves them into ``db.sqlite3``, so copying the main file alone silently loses
recent work, and copying the files while the application writes can catch a half-written page.
The backup API reads through SQLite's pager under a read lock, so the copy is one consistent
snapshot of every committed transaction, whatever the journal mode and whoever else is writing.
The copy is switched to the rollback journal (``journal_mode=DELETE``), checked with
``PRAGMA integrity_check`` and only then renamed into place: a backup is one self-contained file
that opens read-only anywhere, and a half-written file never carries the backup's name.

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore``. Connection
parameters go to them as libpq environment variables (PGHOST, PGPASSWORD, ...), never as
arguments, because any local user can read another process's command line.

Every function that takes a ``connection`` accepts a Django connection (``django.db.connection``,
``connections[alias]``) or, for SQLite, a plain ``sqlite3.Connection``, so a backup can be checked
or restored into a database file that Django has no alias for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper

Connection = BaseDatabaseWrapper | sqlite3.Connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Tables that `migrate` fills by itself: a freshly migrated database counts as empty. Besides
# Django's own, the app's post_migrate handler creates the role groups (triggerfinder.roles).
FILLED_BY_MIGRATE = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}
)
# libpq reads these; settings.DATABASES[alias] key (or OPTIONS key) -> environment variable.
PG_SETTINGS_ENV = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the person running it."""


# --- any engine -------------------------------------------------------------------------------


def _quote(connection: Connection, name: str) -> str:
    if isinstance(connection, sqlite3.Connection):
        return '"' + name.replace('"', '""') + '"'
    return connection.ops.quote_name(name)


def _query(connection: Connection, sql: str) -> list[tuple[Any, ...]]:
    if isinstance(connection, sqlite3.Connection):
        return connection.execute(sql).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def table_names(connection: Connection) -> list[str]:
    """The database's tables, sorted, without SQLite's internal ``sqlite_*`` ones."""
    if isinstance(connection, sqlite3.Connection):
        names = [row[0] for row in _query(connection, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    else:
        names = connection.introspection.table_names()
    return sorted(name for name in names if not name.startswith("sqlite_"))


def _count(connection: Connection, table: str) -> int:
    # The name comes from the database's own catalogue or the model registry, quoted.
    return _query(connection, f"SELECT COUNT(*) FROM {_quote(connection, table)}")[0][0]  # noqa: S608


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows per table, for every table in the database."""
    return {name: _count(connection, name) for name in table_names(connection)}


def application_rows(connection: Connection) -> dict[str, int]:
    """Tables of installed apps' models that hold rows, except those ``migrate`` fills."""
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    present = set(table_names(connection)) & (model_tables - FILLED_BY_MIGRATE)
    counts = {name: _count(connection, name) for name in sorted(present)}
    return {name: count for name, count in counts.items() if count}


def is_empty(connection: Connection) -> bool:
    """True when no installed app's table holds data (a new or freshly migrated database)."""
    return not application_rows(connection)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_output(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to ``path`` when the block succeeds.

    Refuses an existing ``path`` unless ``overwrite``; removes the temporary file on failure.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path} already exists; refusing to overwrite it (pass --force to replace it).")
    if not path.parent.is_dir():
        raise BackupError(f"The directory {path.parent} does not exist.")
    # mkstemp creates the file 0600 whatever the umask; SQLite's backup and pg_dump write into
    # it and keep that mode, and the rename keeps it too: a backup is health data.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        if path.exists() and not overwrite:
            raise BackupError(f"{path} appeared while the backup ran; refusing to overwrite it.")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


# --- SQLite -----------------------------------------------------------------------------------


def raw_sqlite(connection: Connection) -> sqlite3.Connection:
    """The ``sqlite3.Connection`` itself: the argument, or the one under a Django connection."""
    if isinstance(connection, sqlite3.Connection):
        return connection
    if connection.vendor != "sqlite":
        raise BackupError(f"The database {connection.alias!r} is {connection.vendor}, not SQLite.")
    connection.ensure_connection()
    return connection.connection


def open_sqlite_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def sqlite_backup(connection: Connection, path: Path, *, overwrite: bool = False) -> Path:
    """Copy the live SQLite database into a new file at ``path`` with the backup API.

    The source must not be inside a transaction: SQLite cannot copy a database its own connection is
    writing to, and Python would wait for it forever.
    """
    source = raw_sqlite(connection)
    with atomic_output(path, overwrite=overwrite) as temporary:
        if source.in_transaction:
            raise BackupError("The database connection is inside a transaction; back up outside of one.")
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)  # one step (pages=-1): a single consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # self-contained: no -wal/-shm next to it
            problems = _integrity_problems(target)
        finally:
            target.close()
        if problems:
            raise BackupError("The backup copy fails SQLite's integrity check: " + "; ".join(problems))
    return Path(path)


def _integrity_problems(connection: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def check_sqlite_backup(path: Path) -> None:
    """Raise BackupError unless ``path`` is an intact SQLite database with Django's migration table."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise BackupError(f"{path} is not an SQLite database (it does not start with the SQLite header).")
    try:
        with contextlib.closing(open_sqlite_readonly(path)) as backup:
            problems = _integrity_problems(backup)
            has_migrations = backup.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database: {exc}.") from exc
    if problems:
        raise BackupError(f"{path} fails SQLite's integrity check: " + "; ".join(problems[:10]))
    if not has_migrations:
        raise BackupError(f"{path} has no django_migrations table: it is not a backup of this application.")


def sqlite_restore(path: Path, connection: Connection) -> None:
    """Replace the whole database behind ``connection`` with the backup file ``path``.

    The file is checked first (opened read-only, integrity check, django_migrations table); nothing
    is written unless it passes. The copy is one backup-API step, so other connections see either
    the old database or the restored one.
    """
    check_sqlite_backup(path)
    target = raw_sqlite(connection)
    if target.in_transaction:
        raise BackupError("The target database connection is inside a transaction; restore outside of one.")
    try:
        with contextlib.closing(open_sqlite_readonly(path)) as backup:
            backup.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"Restoring {path} failed, the database is unchanged: {exc}.") from exc


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """libpq environment variables for a ``settings.DATABASES`` entry (only those that are set)."""
    env = {
        variable: str(settings_dict[key])
        for key, variable in PG_SETTINGS_ENV.items()
        if settings_dict.get(key) not in (None, "")
    }
    if settings_dict.get("NAME"):
        env["PGDATABASE"] = str(settings_dict["NAME"])
    options = settings_dict.get("OPTIONS") or {}
    env.update(
        {
            variable: str(options[key])
            for key, variable in PG_OPTIONS_ENV.items()
            if options.get(key) not in (None, "")
        }
    )
    return env


def pg_dump_args(path: Path) -> list[str]:
    # --no-password: fail at once instead of waiting at a prompt nobody sees.
    return ["pg_dump", "--format=custom", "--no-password", "--file", str(path)]


def pg_restore_args(path: Path, settings_dict: Mapping[str, Any]) -> list[str]:
    """pg_restore's arguments. The database name is the only connection detail on the command line:
    pg_restore writes a script to standard output instead of restoring unless --dbname is given."""
    name = str(settings_dict.get("NAME") or "")
    if not name or "=" in name or "://" in name:
        raise BackupError(f"DATABASES NAME {name!r} is not a plain PostgreSQL database name.")
    return [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-password",
        "--single-transaction",  # all or nothing; implies --exit-on-error
        "--dbname",
        name,
        str(path),
    ]


def run_pg_tool(args: list[str], settings_dict: Mapping[str, Any]) -> None:
    """Run pg_dump or pg_restore with the connection in its environment; BackupError on failure."""
    executable = shutil.which(args[0])
    if executable is None:
        raise BackupError(
            f"{args[0]} was not found on PATH. Install the PostgreSQL client tools in the server's major "
            "version (e.g. `apt-get install postgresql-client`)."
        )
    result = subprocess.run(  # noqa: S603 - a fixed argument list, no shell; the password is in env
        [executable, *args[1:]],
        env={**os.environ, **pg_env(settings_dict)},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed (exit code {result.returncode}):\n{result.stderr.strip()}")


def pg_backup(settings_dict: Mapping[str, Any], path: Path, *, overwrite: bool = False) -> Path:
    with atomic_output(path, overwrite=overwrite) as temporary:
        run_pg_tool(pg_dump_args(temporary), settings_dict)
    return Path(path)


def check_pg_backup(path: Path) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with path.open("rb") as handle:
        if handle.read(len(PG_CUSTOM_MAGIC)) != PG_CUSTOM_MAGIC:
            raise BackupError(f"{path} is not a pg_dump custom-format archive (made by `backup`).")


def pg_restore(path: Path, settings_dict: Mapping[str, Any]) -> None:
    check_pg_backup(path)
    run_pg_tool(pg_restore_args(path, settings_dict), settings_dict)
