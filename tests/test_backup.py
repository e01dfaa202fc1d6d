"""The backup and restore commands (clinic/ops/: django-dbbackup, GnuPG) and the functions under them.

Encryption runs a real ``gpg`` with a throw-away key in a temporary GNUPGHOME. The test database is
SQLite in memory, so the round trip also restores into a new, empty SQLite file through
``sqlite_restore`` with a plain ``sqlite3`` connection. PostgreSQL is covered without a server:
fake ``pg_dump``/``pg_restore`` executables record the arguments, environment and input they get.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from clinic.ops.backup import (
    SQLITE_MAGIC,
    BackupError,
    decrypt,
    file_sha256,
    is_empty,
    is_openpgp,
    pg_dump_args,
    pg_env,
    pg_restore_args,
    raw_sqlite,
    sqlite_backup,
    sqlite_restore,
    table_counts,
)
from triggerfinder.models import Client

ROOT = Path(__file__).resolve().parent.parent

PG_SETTINGS = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "praxis",
    "USER": "triggerfinder",
    "PASSWORD": "s3cret-Passw0rd",
    "HOST": "db.internal",
    "PORT": 5433,
    "OPTIONS": {"sslmode": "require"},
}


# These tests back up and restore the live test database with SQLite's backup API; against
# PostgreSQL (make test-postgres) the pg_dump path is covered with the fake tools below.
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup API")


@pytest.fixture(scope="module")
def gpg_key():
    """A throw-away key pair (ed25519/cv25519, no passphrase) in a GNUPGHOME of its own, short
    enough a path for gpg-agent's socket; the agent is stopped and the directory removed after."""
    home = tempfile.mkdtemp(prefix="gpg-")
    env = {**os.environ, "GNUPGHOME": home}
    uid = "Backup Test <backup@example.invalid>"
    gpg = ["gpg", "--batch", "--quiet", "--no-tty"]
    subprocess.run(
        [*gpg, "--passphrase", "", "--quick-gen-key", uid, "future-default", "default", "never"],
        env=env,
        check=True,
        capture_output=True,
    )
    listing = subprocess.run(
        [*gpg, "--with-colons", "--list-keys", uid], env=env, check=True, capture_output=True, text=True
    ).stdout
    fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    yield home, fingerprint
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False, capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def gpg(gpg_key, monkeypatch, settings):
    home, fingerprint = gpg_key
    monkeypatch.setenv("GNUPGHOME", home)
    settings.DBBACKUP_GPG_RECIPIENT = fingerprint
    settings.BACKUP_ALLOW_UNENCRYPTED = False
    return fingerprint


def table_digests(conn: sqlite3.Connection) -> dict[str, str]:
    """SHA-256 per table over its rows, each value as SQLite's own literal (``quote()``), so that
    no type converter of either connection changes what is compared; rows sorted."""
    digests = {}
    for name in table_counts(conn):
        quoted = '"' + name.replace('"', '""') + '"'
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({quoted})")]
        select = ", ".join('quote("{}")'.format(column.replace('"', '""')) for column in columns)
        rows = sorted(conn.execute(f"SELECT {select} FROM {quoted}").fetchall())
        digests[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def run(command: str, *args: str, stderr: StringIO | None = None) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def seed(clients: int) -> None:
    run("seed_demo", "--clients", str(clients), "--intakes", "3", "--force")


def make_minimal_backup(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT)")
        conn.commit()
    return path


def decrypted_copy(backup_file: Path, path: Path) -> Path:
    with closing(decrypt(backup_file)) as dump, path.open("wb") as handle:
        shutil.copyfileobj(dump, handle)
    return path


# --- SQLite round trip, encrypted --------------------------------------------------------------


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_restores_into_an_empty_database_with_every_table_the_same(
    tmp_path, gpg, reload_knowledge
):
    seed(5)
    backup_file = tmp_path / "backup.sqlite3.gpg"

    output = run("backup", "--output", str(backup_file))

    assert f"SHA-256: {file_sha256(backup_file)}" in output
    assert f"Encrypted with GPG to {gpg}" in output
    assert "triggerfinder_client" in output
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600  # health data: the owner alone
    data = backup_file.read_bytes()
    assert is_openpgp(backup_file) and not data.startswith(SQLITE_MAGIC)
    for client in Client.objects.all():  # nothing of a client in plain text
        assert client.last_name.encode() not in data and client.email.encode() not in data
    assert b"triggerfinder_client" not in data and b"CREATE TABLE" not in data
    source_counts = table_counts(connection)
    assert source_counts["triggerfinder_client"] == Client.objects.count() == 5
    assert source_counts["triggerfinder_muscle"] > 0  # the knowledge base came along
    assert source_counts["triggerfinder_intake"] == 3

    plain = decrypted_copy(backup_file, tmp_path / "plain.sqlite3")
    with closing(sqlite3.connect(tmp_path / "restored.sqlite3")) as target:
        assert is_empty(target) and table_counts(target) == {}
        sqlite_restore(plain, target)
        assert table_counts(target) == source_counts
        assert table_digests(target) == table_digests(raw_sqlite(connection))
        assert target.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert target.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_live_wal_database_file_round_trips_through_manage_py(tmp_path, gpg_key):
    """The project as deployed: a database file in WAL mode, the commands in their own processes,
    the restore into a new, empty file; every table compared."""
    home, fingerprint = gpg_key
    live, restored = tmp_path / "live.sqlite3", tmp_path / "restored.sqlite3"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS", "DATABASE_URL"))}
    env = {**base, "DEBUG": "1", "GNUPGHOME": home, "BACKUP_GPG_RECIPIENT": fingerprint}
    env.update(BACKUP_DIR=str(tmp_path / "backups"), DATABASE_URL=f"sqlite:///{live}")
    for args in (["migrate", "-v0"], ["seed_demo", "--clients", "4", "--intakes", "0"]):
        assert manage(*args, env=env).returncode == 0
    with closing(sqlite3.connect(live)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        names = [row[0] for row in conn.execute("SELECT last_name FROM triggerfinder_client")]

    backed_up = manage("backup", env=env)
    assert backed_up.returncode == 0, backed_up.stderr
    (backup_file,) = (tmp_path / "backups").iterdir()
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600 and is_openpgp(backup_file)
    assert len(names) == 4 and not any(name.encode() in backup_file.read_bytes() for name in names)

    refused = manage("restore", str(backup_file), env=env)
    assert refused.returncode != 0 and "is not empty" in refused.stderr
    done = manage("restore", str(backup_file), env={**env, "DATABASE_URL": f"sqlite:///{restored}"})
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(live)) as source, closing(sqlite3.connect(restored)) as target:
        assert (
            table_counts(target) == table_counts(source) and table_counts(source)["triggerfinder_client"] == 4
        )
        assert table_digests(target) == table_digests(source)
        assert target.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_command_refuses_data_and_with_yes_replaces_it(tmp_path, gpg, reload_knowledge):
    seed(5)
    backup_file = tmp_path / "backup.sqlite3.gpg"
    run("backup", "--output", str(backup_file))
    backed_up = table_counts(connection)
    digests = table_digests(raw_sqlite(connection))
    seed(8)  # three more clients after the backup
    assert Client.objects.count() == 8

    with pytest.raises(CommandError, match=r"is not empty.*triggerfinder_client.*--yes"):
        run("restore", str(backup_file))
    assert Client.objects.count() == 8

    output = run("restore", str(backup_file), "--yes")

    assert Client.objects.count() == 5
    assert table_counts(connection) == backed_up
    assert table_digests(raw_sqlite(connection)) == digests
    assert "Restored" in output and "(decrypted)" in output and "triggerfinder_client" in output
    assert f"SHA-256: {file_sha256(backup_file)}" in output
    assert "migrate" not in output  # same version: nothing pending


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_into_backup_dir_by_default(gpg, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    output = run("backup")
    (written,) = (tmp_path / "backups").iterdir()
    assert written.name.endswith(".sqlite3.gpg") and str(written) in output
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_no_recipient_no_backup_unless_plain_text_is_allowed_explicitly(tmp_path, settings):
    settings.DBBACKUP_GPG_RECIPIENT = None
    settings.BACKUP_ALLOW_UNENCRYPTED = False
    with pytest.raises(
        CommandError, match=r"No GPG recipient.*BACKUP_GPG_RECIPIENT.*BACKUP_ALLOW_UNENCRYPTED"
    ):
        run("backup", "--output", str(tmp_path / "plain.sqlite3"))
    with pytest.raises(CommandError, match="No GPG recipient"):
        run("dbbackup", "--output-path", str(tmp_path / "plain2.sqlite3"))  # dbbackup's own, too
    assert list(tmp_path.iterdir()) == []

    settings.BACKUP_ALLOW_UNENCRYPTED = True
    warning = StringIO()
    run("backup", "--output", str(tmp_path / "plain.sqlite3"), stderr=warning)
    assert "NOT encrypted" in warning.getvalue()
    assert (tmp_path / "plain.sqlite3").read_bytes().startswith(SQLITE_MAGIC)
    assert stat.S_IMODE((tmp_path / "plain.sqlite3").stat().st_mode) == 0o600


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_alone_whatever_the_umask(tmp_path, gpg):
    old_umask = os.umask(0o002)
    try:
        run("backup", "--output", str(tmp_path / "first.gpg"))
        replaced = tmp_path / "replaced.gpg"
        replaced.write_bytes(b"")
        replaced.chmod(0o664)
        run("backup", "--output", str(replaced), "--force")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "first.gpg").stat().st_mode) == 0o600
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o600


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_refuses_to_overwrite_a_file_without_force(tmp_path, gpg, reload_knowledge):
    existing = tmp_path / "backup.gpg"
    existing.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match=r"already exists.*--force"):
        run("backup", "--output", str(existing))
    assert existing.read_bytes() == b"yesterday's backup"

    run("backup", "--output", str(existing), "--force")
    assert is_openpgp(existing)
    assert [p.name for p in tmp_path.iterdir()] == ["backup.gpg"]  # no temporary file left


def test_backup_of_a_wal_database_holds_what_a_file_copy_misses(tmp_path):
    live_path = tmp_path / "live.sqlite3"
    live = sqlite3.connect(live_path, isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")  # committed rows stay in live.sqlite3-wal
    live.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    live.executemany("INSERT INTO note (text) VALUES (?)", [("a",), ("b",), ("c",)])
    writer = sqlite3.connect(live_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note (text) VALUES ('not committed')")

    shutil.copyfile(live_path, tmp_path / "copy.sqlite3")
    sqlite_backup(live, tmp_path / "backup.sqlite3")

    with closing(sqlite3.connect(tmp_path / "copy.sqlite3")) as copy:
        assert table_counts(copy) == {}  # the plain copy lost the whole table
    with closing(sqlite3.connect(tmp_path / "backup.sqlite3")) as backup:
        assert table_counts(backup) == {"note": 3}  # every committed row, no uncommitted one
        assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "backup.sqlite3-wal").exists()

    writer.execute("ROLLBACK")
    live.execute("BEGIN")
    live.execute("INSERT INTO note (text) VALUES ('d')")
    with pytest.raises(BackupError, match="inside a transaction"):  # SQLite would wait forever
        sqlite_backup(live, tmp_path / "second.sqlite3")
    assert not (tmp_path / "second.sqlite3").exists()
    live.execute("ROLLBACK")
    writer.close()
    live.close()


# --- restore refusals -------------------------------------------------------------------------


@sqlite_only
@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(tmp_path):
    backup_file = make_minimal_backup(tmp_path / "backup.sqlite3")
    before = table_counts(connection)
    assert not is_empty(connection)  # the session fixture loaded the knowledge base

    with pytest.raises(CommandError, match=r"Database 'default' is not empty.*triggerfinder_"):
        run("restore", str(backup_file))
    assert table_counts(connection) == before


def not_sqlite(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04 a zip file, say" * 50)
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def missing(path: Path) -> Path:
    return path.with_name("missing.sqlite3")


def another_sqlite_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
    return path


def corrupt(path: Path) -> Path:
    make_minimal_backup(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
        conn.commit()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 4] = b"\xff" * (4096 * 3)  # scribble over b-tree pages 2 to 4
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (not_sqlite, "is not an SQLite database"),
        (empty_file, "is not an SQLite database"),
        (missing, "does not exist"),
        (another_sqlite_database, "not a backup of this application"),
        (corrupt, "integrity check|not a readable SQLite database"),
    ],
    ids=["not-sqlite", "empty-file", "missing", "no-django-migrations", "corrupt"],
)
@sqlite_only
@pytest.mark.parametrize("yes", [False, True])
@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, make, message, yes):
    bad_file = make(tmp_path / "backup.sqlite3")
    before = table_counts(connection)

    with pytest.raises(CommandError, match=message):
        run("restore", str(bad_file), *(["--yes"] if yes else []))
    assert table_counts(connection) == before


@pytest.mark.django_db
def test_restore_refuses_a_file_it_cannot_decrypt(tmp_path, gpg):
    not_for_us = tmp_path / "backup.gpg"
    not_for_us.write_bytes(b"\x85\x01\x0c" + os.urandom(300))  # an OpenPGP packet tag, then noise
    before = table_counts(connection)
    with pytest.raises(CommandError, match=r"Decrypting .* failed"):
        run("restore", str(not_for_us), "--yes")
    assert table_counts(connection) == before


def test_sqlite_restore_checks_the_file_before_touching_the_target(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00" * 4096)
    with closing(sqlite3.connect(tmp_path / "target.sqlite3")) as target:
        target.execute("CREATE TABLE keep (x)")
        with pytest.raises(BackupError, match="is not an SQLite database"):
            sqlite_restore(junk, target)
        assert table_counts(target) == {"keep": 0}


def test_other_engines_are_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(connections["default"], "vendor", "mysql")  # the object, not django.db's proxy
    with pytest.raises(CommandError, match="mysql database is not supported"):
        run("backup", "--output", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="mysql database is not supported"):
        run("restore", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="Unknown database alias"):
        run("backup", "--output", str(tmp_path / "b"), "--database", "nope")


# --- PostgreSQL, without a server --------------------------------------------------------------


def test_pg_env_maps_the_settings_to_libpq_variables():
    assert pg_env(PG_SETTINGS) == {
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGUSER": "triggerfinder",
        "PGPASSWORD": "s3cret-Passw0rd",
        "PGDATABASE": "praxis",
        "PGSSLMODE": "require",
    }
    # Unset values are left to libpq's defaults (socket, port 5432, ~/.pgpass) rather than set empty.
    assert pg_env({"NAME": "praxis", "USER": "", "PASSWORD": "", "HOST": "", "PORT": ""}) == {
        "PGDATABASE": "praxis"
    }


def test_pg_command_lines_carry_no_connection_secrets():
    dump = pg_dump_args(PG_SETTINGS)
    restore = pg_restore_args(PG_SETTINGS)
    for argv in (dump, restore):
        joined = " ".join(argv)
        assert "s3cret" not in joined and "db.internal" not in joined and "triggerfinder" not in joined
        assert "5433" not in joined and "postgresql://" not in joined
        assert "--no-password" in argv  # never waits at a prompt
        assert argv[1:3] == ["--dbname", "praxis"]
    assert dump[0] == "pg_dump" and "--format=custom" in dump
    assert restore[0] == "pg_restore"
    assert {"--clean", "--if-exists", "--no-owner", "--single-transaction"} <= set(restore)
    with pytest.raises(BackupError, match="not a plain PostgreSQL database name"):
        pg_restore_args({**PG_SETTINGS, "NAME": "host=evil password=x"})


FAKE_TOOL = """#!/bin/sh
printf '%s\\n' "$@" > "$RECORD_DIR/$(basename "$0").args"
env > "$RECORD_DIR/$(basename "$0").env"
if [ -n "$FAKE_FAIL" ]; then echo "$FAKE_FAIL" >&2; exit 1; fi
if [ "$(basename "$0")" = pg_dump ]; then printf 'PGDMP fake archive'; else cat > "$RECORD_DIR/pg_restore.stdin"; fi
"""


@pytest.fixture
def fake_pg_tools(tmp_path, monkeypatch):
    bin_dir, record = tmp_path / "bin", tmp_path / "record"
    bin_dir.mkdir()
    record.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        (bin_dir / tool).write_text(FAKE_TOOL)
        (bin_dir / tool).chmod(stat.S_IRWXU)
    gpg_dir = Path(shutil.which("gpg")).parent
    monkeypatch.setenv("PATH", f"{bin_dir}:{gpg_dir}:/usr/bin:/bin")
    monkeypatch.setenv("RECORD_DIR", str(record))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return record


@pytest.fixture
def pretend_postgresql(monkeypatch):
    """The commands dispatch on the connection's vendor and dbbackup on its ENGINE; pretend."""
    live = connections["default"]  # the object itself: monkeypatch cannot undo through django.db's proxy
    monkeypatch.setattr(live, "vendor", "postgresql")
    monkeypatch.setattr(live, "settings_dict", {**live.settings_dict, **PG_SETTINGS})
    return live


@pytest.mark.django_db
def test_the_commands_take_the_postgresql_path_encrypted_with_the_password_in_the_environment(
    tmp_path, fake_pg_tools, pretend_postgresql, gpg
):
    dump_file = tmp_path / "praxis.psql.bin.gpg"

    output = run("backup", "--output", str(dump_file))

    assert f"SHA-256: {file_sha256(dump_file)}" in output
    assert stat.S_IMODE(dump_file.stat().st_mode) == 0o600
    assert is_openpgp(dump_file) and b"PGDMP" not in dump_file.read_bytes()
    with closing(decrypt(dump_file)) as plain:
        assert plain.read() == b"PGDMP fake archive"
    argv = (fake_pg_tools / "pg_dump.args").read_text().splitlines()
    env = (fake_pg_tools / "pg_dump.env").read_text().splitlines()
    assert "s3cret" not in " ".join(argv) and "db.internal" not in " ".join(argv)
    assert "PGPASSWORD=s3cret-Passw0rd" in env
    assert {"PGHOST=db.internal", "PGPORT=5433", "PGUSER=triggerfinder", "PGSSLMODE=require"} <= set(env)
    with pytest.raises(CommandError, match="already exists"):
        run("backup", "--output", str(dump_file))

    with pytest.raises(CommandError, match="is not empty"):
        run("restore", str(dump_file))
    assert not (fake_pg_tools / "pg_restore.args").exists()
    run("restore", str(dump_file), "--yes")
    restore_argv = (fake_pg_tools / "pg_restore.args").read_text().splitlines()
    assert "--clean" in restore_argv and "s3cret" not in " ".join(restore_argv)
    assert restore_argv[:2] == ["--dbname", "praxis"]
    assert "PGPASSWORD=s3cret-Passw0rd" in (fake_pg_tools / "pg_restore.env").read_text().splitlines()
    assert (fake_pg_tools / "pg_restore.stdin").read_bytes() == b"PGDMP fake archive"  # decrypted


@pytest.mark.django_db
def test_a_failing_pg_dump_leaves_no_file_and_says_why(
    tmp_path, fake_pg_tools, pretend_postgresql, gpg, monkeypatch
):
    monkeypatch.setenv("FAKE_FAIL", 'connection to server at "db.internal" failed: Connection refused')
    dump_file = tmp_path / "praxis.dump"

    with pytest.raises(CommandError, match=r"(?s)pg_dump.*Connection refused"):
        run("backup", "--output", str(dump_file))
    assert not dump_file.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "record"]


@pytest.mark.django_db
def test_a_missing_pg_dump_is_a_clear_error(tmp_path, pretend_postgresql, gpg, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match=r"(?s)pg_dump' not found.*postgresql-client"):
        run("backup", "--output", str(tmp_path / "praxis.dump"))


@pytest.mark.django_db
def test_pg_restore_refuses_a_file_that_is_not_a_pg_dump_archive(tmp_path, fake_pg_tools, pretend_postgresql):
    not_a_dump = tmp_path / "backup.sqlite3"
    not_a_dump.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(CommandError, match="not a pg_dump custom-format archive"):
        run("restore", str(not_a_dump), "--yes")
    assert not (fake_pg_tools / "pg_restore.args").exists()
