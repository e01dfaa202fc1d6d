"""Session log benchmark: client detail with 100 sessions, and the outcomes page over
1,000 clients / 10,000 sessions and 10,000 clients / 100,000 sessions (from seed_demo).

Run with `make bench-outcomes`. The query counts must not grow with the data.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from common import machine, measure, prepare_database
from django.contrib.auth import get_user_model
from django.test import Client as Browser

from clinic.ops.conf import demo_password
from clinic.ops.demo import INTAKE_NAMESPACE, seed_demo, seed_treatment_history
from triggerfinder.models import TreatmentSession

REPEAT = 10


def main() -> None:
    prepare_database()
    lead = get_user_model().objects.get_or_create(username="bench-lead", is_superuser=True, is_staff=True)[0]
    browser = Browser()
    browser.force_login(lead)
    rows = []
    for clients, sessions in [(1_000, 10_000), (10_000, 100_000)]:
        seed_demo(clients=clients, password=demo_password(), intakes=0)
        seed_treatment_history(sessions=sessions)
        median, p95, queries = measure(lambda i: browser.get("/outcomes/"), REPEAT)
        rows.append(
            f"| outcomes page | {clients:,} | {TreatmentSession.objects.count():,} | {median:.0f} | {p95:.0f} | {queries:.0f} |"
        )
    busy = TreatmentSession.objects.order_by("pk").first()
    extra = [
        TreatmentSession(
            client_id=busy.client_id,
            plan_id=busy.plan_id,
            therapist_id=busy.therapist_id,
            held_at=busy.held_at + timedelta(days=index + 1),
            pain_before=5,
            pain_after=4,
            submission_key=uuid.uuid5(INTAKE_NAMESPACE, f"bench-{index}"),
        )
        for index in range(100 - TreatmentSession.objects.filter(client_id=busy.client_id).count())
    ]
    TreatmentSession.objects.bulk_create(extra)
    url = f"/clients/{busy.client_id}/"
    median, p95, queries = measure(lambda i: browser.get(url), REPEAT)
    count = TreatmentSession.objects.filter(client_id=busy.client_id).count()
    rows.append(
        f"| client detail ({count} sessions) | 10,000 | {TreatmentSession.objects.count():,} | {median:.0f} | {p95:.0f} | {queries:.0f} |"
    )
    print(machine())
    print("| page | clients | sessions | median ms | p95 ms | queries |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
