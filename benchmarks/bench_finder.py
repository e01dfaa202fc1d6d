"""Finder benchmark: ranking every combination of the seven top regions, and the JSON API.

Run with `make bench-finder` (outside the test suite; figures depend on the machine).
Goals (issue 3): ranking <= 1 ms, API <= 5 ms median per request, 0 queries per warm request.
"""

from __future__ import annotations

import itertools
import time
from statistics import median

from common import machine, percentile, prepare_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from triggerfinder.core.finder import rank_muscles
from triggerfinder.selectors.knowledge import knowledge_snapshot

TOP_REGIONS = ["lower-back", "hip-buttock", "leg", "shoulders", "neck", "upper-back", "head"]
REPEAT = 20


def combinations() -> list[tuple[str, ...]]:
    return [combo for size in range(1, 8) for combo in itertools.combinations(TOP_REGIONS, size)]


def main() -> None:
    prepare_database()
    snapshot = knowledge_snapshot()
    combos = combinations()

    ranking_ms = []
    for combo in combos:
        start = time.perf_counter()
        for _ in range(REPEAT):
            rank_muscles(snapshot, combo)
        ranking_ms.append((time.perf_counter() - start) * 1000 / REPEAT)

    client = Client()
    client.get("/api/finder/", {"region": "neck"})  # warm the cache
    api_ms, queries = [], 0
    for _ in range(3):
        for combo in combos:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get("/api/finder/", {"region": combo, "lang": "en"})
                api_ms.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content
            queries += len(captured)

    print(machine())
    print(f"knowledge base: {len(snapshot.muscles)} muscles, {len(snapshot.regions)} regions")
    print(f"combinations of the 7 top regions: {len(combos)}")
    print("| measure | median | p95 | max | goal |")
    print("|---|---|---|---|---|")
    print(
        f"| rank_muscles, ms per call | {median(ranking_ms):.3f} | {percentile(ranking_ms, 0.95):.3f}"
        f" | {max(ranking_ms):.3f} | <= 1 ms |"
    )
    print(
        f"| GET /api/finder/, ms per request ({len(api_ms)} requests) | {median(api_ms):.2f}"
        f" | {percentile(api_ms, 0.95):.2f} | {max(api_ms):.2f} | <= 5 ms median |"
    )
    print(f"| database queries per warm API request | {queries / len(api_ms):.2f} | | | 0 |")


if __name__ == "__main__":
    main()
