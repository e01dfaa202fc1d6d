"""Several processes write intakes and sessions into one SQLite file at once: WAL, a busy timeout
and IMMEDIATE transactions must give zero "database is locked" errors and keep every row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKERS, EACH = 4, 15


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite file test")
def test_parallel_writers_on_one_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'practice.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    for command in (
        ["migrate", "-v0"],
        ["load_knowledge"],
        ["seed_demo", "--clients", "0", "--intakes", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.concurrency_worker", str(worker), str(EACH)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-2000:]
        assert "locked=0" in out, out + err[-2000:]
    database = sqlite3.connect(tmp_path / "practice.sqlite3")
    count = lambda table: database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("triggerfinder_client") == WORKERS * EACH
    assert count("triggerfinder_intake") == WORKERS * EACH
    assert count("triggerfinder_treatmentplan") == WORKERS * EACH
    assert count("triggerfinder_treatmentsession") == WORKERS * EACH
    assert count("triggerfinder_treatedmuscle") == WORKERS * EACH
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
