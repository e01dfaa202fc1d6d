"""The SQLite database and its WAL files are readable by their owner alone (docs/security.md, G)."""

from __future__ import annotations

import os
import stat

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from clinic import settings as project_settings


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the usual default: new files world-readable
    yield
    os.umask(previous)


def file_database(path) -> DatabaseWrapper:
    """A SQLite connection as the project configures one (WAL and all), to a file of the test's
    own, whatever database the suite runs on."""
    settings_dict = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(project_settings.SQLITE_OPTIONS),
    }
    return DatabaseWrapper(settings_dict, alias="file-mode-test")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_something(database: DatabaseWrapper) -> None:
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (health TEXT)")
        cursor.execute("INSERT INTO t VALUES ('pregnancy')")


@pytest.mark.django_db
def test_a_new_database_and_its_wal_files_are_0600(tmp_path, open_umask):
    path = tmp_path / "db.sqlite3"
    database = file_database(path)
    try:
        write_something(database)
        wal, shm = tmp_path / "db.sqlite3-wal", tmp_path / "db.sqlite3-shm"
        assert wal.exists() and shm.exists()  # WAL, as configured
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        database.close()


@pytest.mark.django_db
def test_an_existing_world_readable_database_is_made_0600_at_the_first_connection(tmp_path, open_umask):
    path = tmp_path / "db.sqlite3"
    first = file_database(path)
    write_something(first)
    first.close()
    os.chmod(path, 0o644)
    for leftover in ("db.sqlite3-wal", "db.sqlite3-shm"):
        if (tmp_path / leftover).exists():
            os.chmod(tmp_path / leftover, 0o644)
    database = file_database(path)
    try:
        database.ensure_connection()
        assert mode(path) == 0o600
        write_something(database)
        for name in ("db.sqlite3-wal", "db.sqlite3-shm"):
            assert mode(tmp_path / name) == 0o600, name
    finally:
        database.close()
