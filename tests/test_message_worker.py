"""The task framework's workers as separate processes (issue 18): two ``db_worker`` processes send
the due reminders to a real SMTP server on 127.0.0.1, one is killed while it is sending, and every
reminder still arrives exactly once. On SQLite one database file; on PostgreSQL the test database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.smtp_servers import SmtpServer
from tests.test_appointment_concurrency import ON_POSTGRES, ROOT, database_url

COUNT = 24
HANG = "haengt@example.org"


def environment(tmp_path: Path, server: SmtpServer) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url(tmp_path),
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "EMAIL_TIMEOUT": "30",
        "MESSAGE_CLAIM_SECONDS": "2",
        "SITE_URL": "https://praxis.example.org",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def worker(env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--worker-id",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def claimed_by(env: dict[str, str], address: str) -> str:
    """Which worker holds the message to ``address`` (hostname:pid), read from the database."""
    query = (
        "SELECT m.claimed_by FROM triggerfinder_outgoingmessage m JOIN triggerfinder_client c "
        "ON c.id = m.client_id WHERE c.email = %s AND m.status = 'sending'"
    )
    if ON_POSTGRES:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as connection:
            row = connection.execute(query, (address,)).fetchone()
    else:
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            row = connection.execute(query.replace("%s", "?"), (address,)).fetchone()
    assert row is not None, "nobody is sending it"
    return str(row[0])


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_a_crash_send_every_reminder_exactly_once(tmp_path, reload_knowledge):
    with SmtpServer() as server:
        server.inbox.hang_for = HANG
        env = environment(tmp_path, server)
        if not ON_POSTGRES:
            manage(env, "migrate", "--noinput")
        subprocess.run(
            [sys.executable, "-m", "tests.message_worker_setup", str(COUNT), HANG],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        workers = [worker(env, "worker-a"), worker(env, "worker-b")]
        try:
            assert server.inbox.hanging.wait(60), "no worker reached the hanging address"
            holder = claimed_by(env, HANG)
            pid = int(holder.rsplit(":", 1)[1])
            victim = next(w for w in workers if w.pid == pid)
            victim.send_signal(signal.SIGKILL)  # a crash in the middle of sending
            victim.wait(10)
            server.inbox.release.set()
            survivor = next(w for w in workers if w is not victim)
            wait_for(lambda: len(server.inbox.raw) >= COUNT - 1, 90, "the other reminders")
            time.sleep(2.5)  # the crashed worker's claim lapses (MESSAGE_CLAIM_SECONDS=2)
            assert "1 message(s) queued" in manage(
                env, "requeue_messages"
            )  # as a restarted worker's unit does
            wait_for(lambda: len(server.inbox.raw) >= COUNT, 60, "the crashed worker's reminder")
            time.sleep(1)  # anything sent twice would arrive now
            survivor.send_signal(signal.SIGTERM)
            assert survivor.wait(30) == 0
        finally:
            for process in workers:
                if process.poll() is None:
                    process.kill()
    messages = server.inbox.messages()
    ids = Counter(str(message["Message-ID"]) for message in messages)
    assert len(ids) == COUNT and set(ids.values()) == {1}
    recipients = Counter(message["To"].addresses[0].addr_spec for message in messages)
    assert recipients[HANG] == 1 and len(recipients) == COUNT
    languages = Counter(str(message["Content-Language"]) for message in messages)
    assert languages == {"de": COUNT // 2, "en": COUNT // 2}


def test_ctrl_c_stops_the_server_and_its_workers(tmp_path):
    """`make run` and `make serve` run their server beside workers (scripts/with-workers.sh): Ctrl+C
    in the terminal, a SIGINT to the whole process group, stops every one of them."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        "PYTHON_BIN": sys.executable,
    }
    manage(env, "migrate", "--noinput")
    marker = tmp_path / "server-started"
    server = f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(120)"

    def as_in_a_terminal() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()

    process = subprocess.Popen(
        ["scripts/with-workers.sh", "2", sys.executable, "-c", server],
        cwd=ROOT,
        env=env,
        preexec_fn=as_in_a_terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(marker.exists, 60, "the server")
        time.sleep(3)  # the workers are up
        group = subprocess.run(
            ["pgrep", "-g", str(process.pid), "-f", "db_worker"], capture_output=True, text=True
        )
        assert len(group.stdout.split()) == 2, group.stdout
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Stopped the server and 2 worker(s)." in output
    left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True)
    assert left.stdout.strip() == ""
