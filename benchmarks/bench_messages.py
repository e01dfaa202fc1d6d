"""Benchmark of the messages to clients (issue 18): 10,000 reminders due at once, sent by two
task-framework workers (``manage.py db_worker``) to a real SMTP server on 127.0.0.1.

Run with `make bench-messages` (``--count``, ``--workers``, ``--output -`` to print only). Not a
test: it measures and reports, and puts the section "## Messages to clients" into
docs/benchmarks.md. An SQLite file (WAL) in a temporary directory, and PostgreSQL as well when
DATABASE_URL names a throw-away database (it is migrated and filled).

Measured: that every reminder arrived exactly once (by Message-ID), the wall-clock time from the
workers' start to the last message and the send rate, and the database queries per message: every
query the worker processes made (the queue's polling and claiming included), counted by a
``connection.execute_wrapper`` in each worker, over the messages sent.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.smtp_servers import SmtpServer  # noqa: E402

HEADING = "## Messages to clients"
WORKER = """
import os, sys, json, atexit
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
import django
django.setup()
from django.core.management import call_command
from django.db import connection
count = [0]
def counter(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)
try:
    with connection.execute_wrapper(counter):
        call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "--worker-id", sys.argv[1])
finally:
    open(sys.argv[2], "w").write(json.dumps({"queries": count[0]}))
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args()


def environment(url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k3y-with-enough-entropy-for-the-check-" * 2,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "SITE_URL": "https://praxis.example.org",
    }


def run_one(url: str, label: str, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    with SmtpServer() as server:
        env = environment(url, server.port)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [sys.executable, "-m", "tests.message_worker_setup", str(args.count)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        setup_seconds = time.perf_counter() - started
        reports = [workdir / f"{label}-worker-{i}.json" for i in range(args.workers)]
        t0 = time.perf_counter()
        workers = [
            subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
                [sys.executable, "-c", WORKER, f"bench-{label}-{i}", str(report)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i, report in enumerate(reports)
        ]
        deadline = t0 + 3600
        while len(server.inbox.raw) < args.count and time.perf_counter() < deadline:
            time.sleep(0.05)
        elapsed = time.perf_counter() - t0
        time.sleep(3)  # anything sent twice arrives now
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(60)
        import json

        queries = sum(json.loads(report.read_text())["queries"] for report in reports if report.exists())
        messages = server.inbox.messages()
    ids = Counter(str(message["Message-ID"]) for message in messages)
    return {
        "label": label,
        "sent": len(messages),
        "distinct": len(ids),
        "twice": sum(1 for n in ids.values() if n > 1),
        "seconds": elapsed,
        "rate": len(messages) / elapsed if elapsed else 0.0,
        "queries_per_message": queries / max(len(messages), 1),
        "setup_seconds": setup_seconds,
    }


def section(results: list[dict[str, object]], args: argparse.Namespace) -> str:
    import platform

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench-messages`: {args.count:,} clients who "
        f"agreed to messages, each with a reminder due at once, {args.workers} `db_worker` processes "
        "(the task framework's database backend), a real SMTP server (aiosmtpd) on 127.0.0.1 in the "
        f"benchmark's process. {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| database | sent | exactly once | time s | messages/s | queries per message | goal | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        once = r["sent"] == r["distinct"] == args.count and r["twice"] == 0
        lines.append(
            f"| {r['label']} | {r['sent']:,} | {'yes' if once else '**no**'} | {r['seconds']:.1f} | "
            f"{r['rate']:.0f} | {r['queries_per_message']:.1f} | every reminder once | {'met' if once else '**missed**'} |"
        )
    lines += [
        "",
        "Queries per message count every query of the worker processes (the queue's polling, "
        "claiming and result rows included) over the messages sent. Each message is one task: claim "
        "(a conditional update), read the appointment, client and therapist, the safety gate's "
        "current findings, compose, send, record.",
        "",
    ]
    return "\n".join(lines)


def put_section(document: str, text: str) -> str:
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _m: text, document)
    return document.rstrip() + "\n\n" + text


def main() -> None:
    args = arguments()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        results.append(run_one(f"sqlite:///{workdir / 'practice.sqlite3'}", "SQLite", args, workdir))
        print(results[-1], flush=True)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            results.append(run_one(url, "PostgreSQL", args, workdir))
            print(results[-1], flush=True)
    text = section(results, args)
    if args.output == "-":
        print(text)
        return
    path = Path(args.output)
    path.write_text(put_section(path.read_text(), text))
    print(text)


if __name__ == "__main__":
    main()
