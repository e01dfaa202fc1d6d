"""Shared set-up for the benchmark scripts: an in-memory database with the knowledge base."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from triggerfinder.services.knowledge.importing import load_shipped_knowledge  # noqa: E402

# The benchmarks ask the public finder far more often than one visitor may (60 a minute): a rate
# that is never reached keeps the limiter's cost in the figures without answering 429s.
UNREACHED_FINDER_RATE = "1000000/m"


def prepare_database() -> None:
    from django.conf import settings

    settings.TRIGGERFINDER_FINDER_RATE_LIMIT = UNREACHED_FINDER_RATE
    setup_test_environment()
    call_command("migrate", verbosity=0)
    load_shipped_knowledge()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(action: Callable[[int], object], repeat: int) -> tuple[float, float, float]:
    """Run ``action(i)`` ``repeat`` times: (median ms, p95 ms, queries per call).

    The queries are counted in a second, untimed pass over the first few calls: counting them
    means Django's debug cursor, which on SQLite quotes the parameters of every query with one more query
    and would add ~10 ms to a page that sends a few hundred ids."""
    times = []
    for index in range(repeat):
        start = time.perf_counter()
        action(index)
        times.append((time.perf_counter() - start) * 1000)
    counted = range(min(repeat, 3))
    queries = 0
    for index in counted:
        with CaptureQueriesContext(connection) as captured:
            action(index)
        queries += len(captured)
    return statistics.median(times), percentile(times, 0.95), queries / len(counted)


def machine() -> str:
    return f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
