"""Intake benchmark: intake page GET and POST and the live preview, with 10 and 10,000 clients.

Run with `make bench-intake`. The query count per request must not grow with the data.
"""

from __future__ import annotations

import uuid

from common import machine, measure, prepare_database
from django.contrib.auth import get_user_model
from django.test import Client

from triggerfinder.conf import conf
from triggerfinder.demo import seed_demo

REPEAT = 30


def intake_data(index: int) -> dict:
    return {
        "submission_key": str(uuid.uuid4()),
        "client-first_name": "Bench",
        "client-last_name": f"Mark {index}",
        "client-preferred_language": "de",
        "region": ["lower-back", "hip-buttock", "leg-lateral-thigh"],
        "intensity-lower-back": "7",
        "intensity-hip-buttock": "5",
        "intensity-leg-lateral-thigh": "3",
        "overall_pain": "6",
        "duration_months": "18",
        "factor": ["prolonged-sitting", "stress"],
        "contraindication": ["blood-thinners"],
        "consent": "on",
    }


def run(browser: Client, clients: int) -> list[str]:
    rows = []
    for label, action in [
        ("GET /intake/", lambda i: browser.get("/intake/")),
        ("POST /intake/preview/", lambda i: browser.post("/intake/preview/", intake_data(i))),
        ("POST /intake/ (client, intake, plan)", lambda i: browser.post("/intake/", intake_data(i))),
        ("GET /clients/ (first page)", lambda i: browser.get("/clients/")),
    ]:
        median, p95, queries = measure(action, REPEAT)
        rows.append(f"| {label} | {clients:,} | {median:.1f} | {p95:.1f} | {queries:.1f} |")
    return rows


def main() -> None:
    prepare_database()
    seed_demo(clients=10, password=conf.DEMO_PASSWORD, intakes=0)
    therapist = get_user_model().objects.get(username="therapeutin")
    browser = Client()
    browser.force_login(therapist)
    browser.get("/intake/")  # warm the knowledge cache
    rows = run(browser, 10)
    seed_demo(clients=10_000, password=conf.DEMO_PASSWORD, intakes=0)
    rows += run(browser, 10_000)
    print(machine())
    print("| request | clients | median ms | p95 ms | queries |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
