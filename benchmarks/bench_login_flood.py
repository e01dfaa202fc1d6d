"""Log-in flood (issue 15, item 6): how much slower is /health/ while strangers guess passwords?

Run with `make bench-login-flood`. Starts gunicorn as `make serve` does (clinic/gunicorn.conf.py,
production settings, so Argon2 hashes the passwords; tests/served.py), then:

1. /health/ idle: the median of ``--requests`` requests, one after another;
2. /health/ under a flood: ``--flooders`` threads (in a process of their own) post log-ins with
   random user names, each one right after the last, for as long as the measurement runs. The
   first attempts of the address are hashed (until the throttle's limit); once the throttle
   answers every thread, the same median again. The median while they are hashed is printed too.

Prints both medians and their ratio, and exits non-zero when the ratio exceeds ``--max-ratio``
(2). ``--throttle-failures 1000000`` turns the per-address throttle practically off, to see what
it saves. gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from multiprocessing import Event, Process, Queue, Value
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.served import Served, gunicorn_path


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="/health/ requests per median")
    parser.add_argument("--flooders", type=int, default=10, help="threads posting bad log-ins")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument("--throttle-failures", type=int, default=None, help="default: the setting's (20)")
    return parser.parse_args()


def health_median(served: Served, count: int) -> float:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status = served.request("GET", "/health/")[0]
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
        time.sleep(0.02)  # spread the samples over the flood, not one burst
    return statistics.median(times)


def flood(served: Served, stop: threading.Event, statuses: Counter, in_a_row: Any) -> None:
    cookie, token = served.csrf()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    while not stop.is_set():
        fields = {"username": uuid.uuid4().hex, "password": uuid.uuid4().hex, "csrfmiddlewaretoken": token}
        try:
            status = served.request("POST", "/accounts/login/", urlencode(fields), headers)[0]
        except OSError:
            status = "error"
        statuses[status] += 1
        with in_a_row.get_lock():
            in_a_row.value = in_a_row.value + 1 if status == 429 else 0


def flooding_process(served: Served, threads: int, stop: Any, in_a_row: Any, results: Any) -> None:
    """The flood's threads in a process of their own: the attacker's client does not share the
    measuring process's interpreter lock (on a real attack it does not even share the machine)."""
    local_stop, statuses = threading.Event(), Counter()
    workers = [
        threading.Thread(target=flood, args=(served, local_stop, statuses, in_a_row)) for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    stop.wait()
    local_stop.set()
    for worker in workers:
        worker.join(timeout=30)
    results.put(dict(statuses))


def main() -> int:
    args = arguments()
    gunicorn = gunicorn_path()
    if gunicorn is None:
        print("gunicorn is not installed (pip install -r requirements.txt)")
        return 2
    environment = {"LOG_LEVEL": "ERROR", "ACCESS_LOG": os.devnull}
    if args.throttle_failures is not None:
        environment["LOGIN_THROTTLE_FAILURES"] = str(args.throttle_failures)
    with tempfile.TemporaryDirectory(prefix="triggerfinder-flood-") as workdir:
        served = Served(Path(workdir), **environment)
        served.prepare()
        try:
            served.start(gunicorn)
            health_median(served, 10)  # warm both workers
            idle = health_median(served, args.requests)
            stop, in_a_row, results = Event(), Value("i", 0), Queue()
            flooder = Process(target=flooding_process, args=(served, args.flooders, stop, in_a_row, results))
            flooder.start()
            # Until the throttle answers every thread: the first attempts of an address are hashed.
            started = time.perf_counter()
            hashing = []
            while in_a_row.value < 3 * args.flooders and time.perf_counter() - started < 120:
                hashing.append(health_median(served, 1))
            engaged = time.perf_counter() - started
            busy = health_median(served, args.requests)
            seconds = time.perf_counter() - started
            stop.set()
            statuses = results.get(timeout=60)
            flooder.join(timeout=30)
        finally:
            served.stop()
    ratio = busy / idle
    answered = sum(count for status, count in statuses.items() if status != "error")
    workers, threads = served.environment.get("WORKERS", "2"), served.environment.get("THREADS", "8")
    print(f"gunicorn: {workers} workers × {threads} threads (gthread), {os.cpu_count()} cores, Argon2")
    print(f"/health/ idle median:                          {idle:7.2f} ms ({args.requests} requests)")
    print(
        f"/health/ median while the first log-ins are hashed: {statistics.median(hashing or [0]):7.2f} ms "
        f"({len(hashing)} requests in {engaged:.1f} s, until the throttle answered every thread)"
    )
    print(
        f"/health/ median under {args.flooders} flooding threads:   {busy:7.2f} ms ({args.requests} requests)"
    )
    print(f"ratio: {ratio:.2f} (goal ≤ {args.max_ratio:g})")
    print(
        f"flood: {answered} log-in POSTs answered in {seconds:.1f} s ({answered / seconds:.0f}/s): {statuses}"
    )
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
