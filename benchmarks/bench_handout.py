"""Handout benchmark: median time per handout and peak memory for batches of 1, 100 and 1,000.

Run with `make bench-handout`. Each batch streams into a ZIP whose bytes are thrown away, as a
download sends them. Memory is the process's peak resident size (ru_maxrss) after each batch,
batches in growing order: if memory grew with the batch, the peak would climb with it.
"""

from __future__ import annotations

import resource
import statistics
import time

from common import machine, prepare_database
from django.utils import timezone

from clinic.ops.conf import demo_password
from clinic.ops.demo import DEMO_EMAIL_DOMAIN, seed_demo
from triggerfinder.handout.export import client_handout_pdf, handouts_zip
from triggerfinder.models import Client

BATCHES = (1, 100, 1000)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    prepare_database()
    seed_demo(clients=max(BATCHES), password=demo_password(), intakes=max(BATCHES))
    clients = list(
        Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", plans__isnull=False).distinct()
    )
    today = timezone.localdate()
    client_handout_pdf(clients[0], today=today)  # fonts and knowledge cache warm

    single = []
    for client in clients[:50]:
        start = time.perf_counter()
        pdf = client_handout_pdf(client, today=today)
        single.append((time.perf_counter() - start) * 1000)
    print(machine())
    print(f"one handout: median {statistics.median(single):.1f} ms, {len(pdf):,} bytes")
    print(f"peak resident memory before the batches: {peak_mib():.0f} MiB")
    print("| handouts | ms per handout | total s | peak resident memory MiB | ZIP MiB |")
    print("|---|---|---|---|---|")
    for size in BATCHES:
        batch = clients[:size]
        start = time.perf_counter()
        zipped = 0
        for chunk in handouts_zip(iter(batch), today=today):
            zipped += len(chunk)
        total = time.perf_counter() - start
        print(
            f"| {len(batch):,} | {total * 1000 / len(batch):.1f} | {total:.1f} | {peak_mib():.0f} | {zipped / 2**20:.1f} |"
        )


if __name__ == "__main__":
    main()
