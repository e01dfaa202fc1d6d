"""A SQLite database holds health data: its file and the -wal/-shm files beside it are readable by
the owner alone (0600), whatever the umask.

At each new connection the database file is set to 0600 (a new file right after SQLite created
it, still empty; an existing world-readable one from an older install too). SQLite creates the
-wal and -shm files with the database file's permissions; any that exist already are set too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.db.backends.signals import connection_created

FILE_MODE = 0o600
SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_path(connection: Any) -> Path | None:
    """The database file of a SQLite connection, or None (another database, or in memory)."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or "mode=memory" in name or name.startswith("file:"):
        return None
    return Path(name)


def restrict_files(path: Path) -> None:
    for suffix in SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        try:
            if candidate.exists() and (candidate.stat().st_mode & 0o777) != FILE_MODE:
                os.chmod(candidate, FILE_MODE)
        except OSError:  # not ours to change (a read-only mount, another owner): leave it
            continue


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    path = sqlite_path(connection)
    if path is not None:
        restrict_files(path)


def connect_signals() -> None:
    connection_created.connect(on_connection_created, dispatch_uid="tf-sqlite-file-mode")
