"""Backing up and restoring the practice database: django-dbbackup's machinery with this project's
guarantees (the ``backup`` and ``restore`` commands, and dbbackup's own ``dbbackup``/``dbrestore``).

Health data never reaches a backup file unencrypted: every backup is encrypted with GnuPG to
``DBBACKUP_GPG_RECIPIENT`` (env ``BACKUP_GPG_RECIPIENT``); without a recipient the commands refuse
to write one unless ``BACKUP_ALLOW_UNENCRYPTED`` is on (:func:`require_encryption`). Files are
written 0600 (:func:`atomic_output`, and the ``dbbackup`` storage's ``file_permissions_mode``).

SQLite is copied with SQLite's own online backup API (``sqlite3.Connection.backup``), never as a
file copy. The project runs SQLite in WAL mode: committed transactions live in ``db.sqlite3-wal``
until a checkpoint moves them into ``db.sqlite3``, so copying the main file alone silently loses
recent work, and copying the files while the application writes can catch a half-written page.
The backup API reads through SQLite's pager under a read lock, so the copy is one consistent
snapshot of every committed transaction, whatever the journal mode and whoever else is writing.
dbbackup 5's ``SqliteBackupConnector`` makes its dump the same way, but restores by writing the
bytes over the database file, under open connections and next to a ``-wal`` file that SQLite
would then replay into the new file; :class:`SqliteSnapshotConnector` keeps its dump and restores
through the backup API instead, after an integrity check. The copy is switched to the rollback
journal (``journal_mode=DELETE``) and checked with ``PRAGMA integrity_check`` before it is used.

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore``
(:class:`PgDumpEnvConnector`, dbbackup's ``PgDumpBinaryConnector`` with every connection detail but
the database name in libpq's environment: PGHOST, PGPASSWORD, ...). Any local user can read
another process's command line.

Every function that takes a ``connection`` accepts a Django connection (``django.db.connection``,
``connections[alias]``) or, for SQLite, a plain ``sqlite3.Connection``, so a backup can be checked
or restored into a database file that Django has no alias for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from dbbackup import settings as dbbackup_settings
from dbbackup import utils as dbbackup_utils
from dbbackup.db.postgresql import PgDumpBinaryConnector
from dbbackup.db.sqlite import SqliteBackupConnector
from django.apps import apps
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

Connection = BaseDatabaseWrapper | sqlite3.Connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# An OpenPGP message as gpg writes it (binary): a packet tag byte with bit 7 set; ASCII armour
# starts with this line.
ARMOR_HEADER = b"-----BEGIN PGP MESSAGE-----"
# Tables that `migrate` fills by itself: a freshly migrated database counts as empty. Besides
# Django's own, the app's post_migrate handler creates the role groups (triggerfinder.security.roles).
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


def pg_database_name(settings_dict: Mapping[str, Any]) -> str:
    """The database name, the only connection detail on pg_dump's and pg_restore's command line."""
    name = str(settings_dict.get("NAME") or "")
    if not name or "=" in name or "://" in name:
        raise BackupError(f"DATABASES NAME {name!r} is not a plain PostgreSQL database name.")
    return name


def pg_dump_args(settings_dict: Mapping[str, Any], exclude: Sequence[str] = ()) -> list[str]:
    # --no-password: fail at once instead of waiting at a prompt nobody sees.
    args = ["pg_dump", "--dbname", pg_database_name(settings_dict), "--no-password", "--format=custom"]
    return args + [f"--exclude-table-data={table}" for table in exclude]


def pg_restore_args(settings_dict: Mapping[str, Any]) -> list[str]:
    """pg_restore's arguments; the archive comes on standard input."""
    return [
        "pg_restore",
        "--dbname",
        pg_database_name(settings_dict),
        "--no-password",
        "--no-owner",
        "--single-transaction",  # all or nothing; implies --exit-on-error
        "--clean",
        "--if-exists",
    ]


class PgDumpEnvConnector(PgDumpBinaryConnector):
    """dbbackup's pg_dump/pg_restore connector, with the connection in libpq's environment.

    dbbackup puts ``postgresql://user@host:port/name`` on the command line (the password alone goes
    to the environment); here only the database name is an argument.
    """

    def _create_dump(self) -> IO[bytes]:
        args = pg_dump_args(self.settings, list(self.exclude))
        stdout, _ = self.run_command(shlex.join(args), env={**self.dump_env, **pg_env(self.settings)})
        return stdout

    def _restore_dump(self, dump: IO[bytes]) -> IO[bytes]:
        args = pg_restore_args(self.settings)
        stdout, _ = self.run_command(
            shlex.join(args), stdin=dump, env={**self.restore_env, **pg_env(self.settings)}
        )
        return stdout


def spooled_copy(path: Path) -> IO[bytes]:
    """The file's bytes in a spooled temporary file (memory, then an unlinked 0600 file in
    DBBACKUP_TMP_DIR), at position 0; dbbackup's helper leaves its source open and the copy at the end."""
    spooled = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - returned to the caller, who closes it
        max_size=dbbackup_settings.TMP_FILE_MAX_SIZE, dir=dbbackup_settings.TMP_DIR
    )
    with Path(path).open("rb") as handle:
        shutil.copyfileobj(handle, spooled)
    spooled.seek(0)
    return spooled


# --- dbbackup's SQLite connector, restored through the backup API -----------------------------


class SqliteSnapshotConnector(SqliteBackupConnector):
    """A dump made with SQLite's backup API, checked, in the rollback journal; restored the same way.

    ``counts`` holds the rows per table of the last dump, read from the copy itself.
    """

    counts: dict[str, int] | None = None

    def _create_dump(self) -> IO[bytes]:
        with tempfile.TemporaryDirectory(prefix="backup-", dir=dbbackup_settings.TMP_DIR) as directory:
            copy = sqlite_backup(self.connection, Path(directory) / "snapshot.sqlite3")
            with contextlib.closing(open_sqlite_readonly(copy)) as snapshot:
                self.counts = table_counts(snapshot)
            return spooled_copy(copy)

    def create_dump(self) -> IO[bytes]:
        return self._create_dump()

    def _restore_dump(self, dump: IO[bytes]) -> None:
        with tempfile.TemporaryDirectory(prefix="restore-", dir=dbbackup_settings.TMP_DIR) as directory:
            path = Path(directory) / "backup.sqlite3"
            dump.seek(0)
            with path.open("wb") as handle:
                shutil.copyfileobj(dump, handle)
            sqlite_restore(path, self.connection)

    def restore_dump(self, dump: IO[bytes]) -> None:
        self._restore_dump(dump)


# --- encryption -------------------------------------------------------------------------------


def gpg_recipient() -> str | None:
    """The key backups are encrypted to, read at use time (dbbackup reads its settings at import)."""
    return getattr(settings, "DBBACKUP_GPG_RECIPIENT", None) or None


def require_encryption() -> bool:
    """True when backups are to be encrypted; BackupError when they cannot be and may not be plain."""
    if gpg_recipient():
        return True
    if getattr(settings, "BACKUP_ALLOW_UNENCRYPTED", False):
        return False
    raise BackupError(
        "No GPG recipient is configured: set BACKUP_GPG_RECIPIENT to the key (fingerprint or e-mail) "
        "that backups are encrypted to. A backup holds health data and is never written in plain "
        "text, unless BACKUP_ALLOW_UNENCRYPTED=1 says so explicitly."
    )


def encrypt(dump: IO[bytes], filename: str) -> tuple[IO[bytes], str]:
    """The dump encrypted to the recipient (``filename`` + ``.gpg``), through dbbackup and gnupg."""
    recipient = gpg_recipient()
    previous = dbbackup_settings.GPG_RECIPIENT
    dbbackup_settings.GPG_RECIPIENT = recipient
    try:
        return dbbackup_utils.encrypt_file(dump, filename)
    except (dbbackup_utils.EncryptionError, OSError, ValueError) as exc:
        raise BackupError(f"Encrypting the backup to {recipient!r} failed: {exc}") from exc
    finally:
        dbbackup_settings.GPG_RECIPIENT = previous


def is_openpgp(path: Path) -> bool:
    with Path(path).open("rb") as handle:
        head = handle.read(len(ARMOR_HEADER))
    return head.startswith(ARMOR_HEADER) or (bool(head) and head[0] & 0x80 != 0)


def decrypt(path: Path, passphrase: str | None = None) -> IO[bytes]:
    """The plain dump from an encrypted backup file. Without a passphrase, gpg-agent asks for one
    if the secret key needs it (never dbbackup's prompt on standard input)."""
    import gnupg

    with tempfile.TemporaryDirectory(prefix="restore-", dir=dbbackup_settings.TMP_DIR) as directory:
        output = Path(directory) / "backup"
        with Path(path).open("rb") as handle:
            result = gnupg.GPG().decrypt_file(handle, passphrase=passphrase, output=str(output))
        if not result.ok or not output.exists():
            detail = (getattr(result, "stderr", "") or "").strip()[-500:]
            raise BackupError(f"Decrypting {path} failed ({result.status or 'no status'}):\n{detail}")
        return spooled_copy(output)


def write_private(dump: IO[bytes], path: Path, *, overwrite: bool = False) -> Path:
    """Write the dump to ``path``, 0600, atomically."""
    with atomic_output(path, overwrite=overwrite) as temporary:
        dump.seek(0)
        with temporary.open("wb") as handle:
            shutil.copyfileobj(dump, handle)
    return Path(path)
