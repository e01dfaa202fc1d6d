"""Two app processes against one database: a knowledge edit saved by one is what the other uses on
its very next request, for the cached preview and for the decisions that read the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Process:
    def __init__(self, env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tests.knowledge_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ask(self, *words: str) -> str:
        assert self.popen.stdin and self.popen.stdout
        self.popen.stdin.write(" ".join(words) + "\n")
        self.popen.stdin.flush()
        line = self.popen.stdout.readline().strip()
        assert line, self.close()
        return line

    def close(self) -> str:
        if self.popen.returncode is None:
            self.err = self.popen.communicate(timeout=60)[1][-3000:]
        return self.err


@pytest.fixture
def practice_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "1",
        "DATABASE_URL": os.environ.get("TWO_PROCESS_DATABASE_URL")
        or f"sqlite:///{tmp_path / 'practice.sqlite3'}",
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
    return env


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite file test")
def test_an_edit_in_one_process_decides_in_the_other_at_once(practice_database):
    first, second = Process(practice_database), Process(practice_database)
    try:
        assert first.ask("preview", "pregnancy") == "caution"  # the first process now holds a snapshot
        plan = first.ask("intake", "pregnancy")
        assert second.ask("level", "pregnancy", "refer") == "saved"
        assert first.ask("preview", "pregnancy") == "refer"
        assert first.ask("accept", plan) == "blocked"
        assert second.ask("level", "pregnancy", "caution") == "saved"
        assert first.ask("accept", plan) == "accepted"
    finally:
        errors = first.close() + second.close()
    assert "Traceback" not in errors, errors
