"""Several processes book the same time at once: exactly one wins, the others get the conflict,
and nothing else is lost (issue 17). On SQLite one database file (IMMEDIATE transactions hold the
write lock while the service checks); on PostgreSQL the test database, where the therapist's row
lock and the exclusion constraint hold."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
WORKERS, ROUNDS = 8, 6
BERLIN = ZoneInfo("Europe/Berlin")
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def slot_days(count: int) -> list[date]:
    """Working days from a month ahead, none a public holiday in Saxony."""
    closed = holidays.country_holidays(
        "DE", subdiv="SN", years=range(date.today().year, date.today().year + 3)
    )
    days, day = [], date.today() + timedelta(days=30)
    while len(days) < count:
        if day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def database_url(tmp_path: Path) -> str:
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / 'practice.sqlite3'}"
    settings = connection.settings_dict  # the test database pytest-django created
    host = urllib.parse.quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{settings['USER']}@{host}{port}/{settings['NAME']}"


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.mark.django_db(transaction=True)
def test_one_of_several_processes_wins_each_slot(tmp_path, reload_knowledge):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    if not ON_POSTGRES:
        run(env, "manage.py", "migrate", "-v0")
    run(env, "-m", "tests.appointment_worker", "setup")
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.appointment_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        days = slot_days(ROUNDS + 1)
        for round_, day in enumerate(days[:ROUNDS]):
            # Each round: every process books the same hour at once, one slot a round.
            start = datetime.combine(day, time(9 + round_ % 8), tzinfo=BERLIN).isoformat()
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write(start + "\n")
                worker.stdin.flush()
            answers = [worker.stdout.readline().strip() for worker in workers if worker.stdout]
            assert answers.count("won") == 1, answers
            assert sorted(answers)[:-1] == ["conflict overlap"] * (WORKERS - 1), answers
        for index, worker in enumerate(workers):
            # And one slot of its own each, all at once, back to back: no write is lost.
            assert worker.stdin is not None
            start = datetime.combine(days[-1], time(6), tzinfo=BERLIN) + timedelta(minutes=60 * index)
            worker.stdin.write(start.isoformat() + "\n")
            worker.stdin.flush()
        own = [worker.stdout.readline().strip() for worker in workers if worker.stdout]
        assert own == ["won"] * WORKERS, own
    finally:
        for worker in workers:
            _out, err = worker.communicate("quit\n", timeout=120)
            assert worker.returncode == 0, err[-2000:]
    rows = appointment_rows(env["DATABASE_URL"], tmp_path)
    assert len(rows) == ROUNDS + WORKERS
    for (_, end), (start, _) in pairwise(sorted(rows)):
        assert end <= start


def appointment_rows(url: str, tmp_path: Path) -> list[tuple[datetime, datetime]]:
    if ON_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT start, \"end\" FROM triggerfinder_appointment WHERE status = 'booked'")
            return list(cursor.fetchall())
    import sqlite3

    database = sqlite3.connect(tmp_path / "practice.sqlite3")
    found = database.execute("SELECT start, \"end\" FROM triggerfinder_appointment WHERE status = 'booked'")
    rows = [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in found.fetchall()]
    database.close()
    return rows
