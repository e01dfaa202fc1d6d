"""Benchmark of the slot search (issue 17): a 12-session cycle with 3 maintenance visits against a
therapist's calendar of 5,000 appointments. Goal: median well under 20 ms.

Run with `make bench-slots` (options through `.venv/bin/python benchmarks/bench_slots.py --appointments N --rounds N`). The cases
run interleaved, one of each per round, so a drift of the machine touches them alike; the script
prints the median and p95 of each. Not a test: nothing fails, it only prints.

- ``cycle``: ``schedule`` from the plain list of busy intervals in UTC, as the database gives
  them (sorting them is part of it);
- ``cycle, Berlin times``: the same with the busy intervals in Europe/Berlin (each is converted);
- ``cycle, index built``: the same with a ``BusyIndex`` built beforehand (what a shell that asks
  several times for one therapist can do);
- ``no slot``: one session whose tolerance is fully booked, so the reasons and offers are worked out.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from statistics import median, quantiles
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from triggerfinder.core.availability import Availability, BusyIndex, ClosedDays, Interval, WeeklyHours
from triggerfinder.core.planning import PracticeCalendar, Spacing
from triggerfinder.core.planning import schedule as plan_dates
from triggerfinder.core.slots import Wishes, find_slot, schedule

BERLIN = ZoneInfo("Europe/Berlin")
SAXONY = frozenset(
    date.fromisoformat(d)
    for d in [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-05-25",
        "2026-10-03",
        "2026-10-31",
        "2026-11-18",
        "2026-12-25",
        "2026-12-26",
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-01",
        "2027-05-06",
        "2027-05-17",
        "2027-10-03",
        "2027-10-31",
        "2027-11-17",
        "2027-12-25",
        "2027-12-26",
    ]
)
HOURS = WeeklyHours({d: ((time(8), time(12)), (time(13), time(18))) for d in range(5)})
STARTS = (8, 9, 10, 11, 13, 14, 15, 16, 17)


def calendar(count: int, start: date, seed: int = 17) -> list[Interval]:
    """``count`` appointments of 50 minutes on the working days from ``start``, about 80 % full."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not a secret
    busy: list[Interval] = []
    day = start
    while len(busy) < count:
        if day.weekday() < 5 and day not in SAXONY:
            for hour in STARTS:
                if rng.random() < 0.8 and len(busy) < count:
                    begin = datetime.combine(day, time(hour), BERLIN)
                    busy.append(Interval(begin, begin + timedelta(minutes=50), f"a{len(busy)}"))
        day += timedelta(days=1)
    return busy


def timings(rounds: int, appointments: int) -> tuple[int, dict[str, list[float]]]:
    """The number of sessions and each case's times in ms (``benchmarks/bench_appointments.py``
    reports them, too)."""
    first = date(2026, 1, 5)
    berlin = calendar(appointments, first - timedelta(days=400))
    busy = [Interval(b.start.astimezone(UTC), b.end.astimezone(UTC), b.key) for b in berlin]
    index = BusyIndex(busy)
    av = Availability(HOURS, BERLIN, closed=ClosedDays(public_holidays=SAXONY), buffer_minutes=10)
    ideal = [
        p.day
        for p in plan_dates(start=first, cycle_length=12, spacing=Spacing(), calendar=PracticeCalendar())
    ]
    now = datetime(2026, 1, 5, 7, tzinfo=UTC)
    duration = timedelta(minutes=60)
    full_day = date(2026, 2, 4)
    full = busy + [
        Interval(
            datetime.combine(full_day + timedelta(days=d), time(0), BERLIN),
            datetime.combine(full_day + timedelta(days=d), time(23), BERLIN),
        )
        for d in range(-4, 5)
    ]
    full_index = BusyIndex(full)

    def cycle() -> object:
        return schedule(ideal, duration=duration, availability=av, now=now, busy=busy, wishes=Wishes())

    def cycle_berlin() -> object:
        return schedule(ideal, duration=duration, availability=av, now=now, busy=berlin)

    def cycle_indexed() -> object:
        return schedule(ideal, duration=duration, availability=av, now=now, busy=index)

    def no_slot() -> object:
        return find_slot(full_day, duration=duration, availability=av, now=now, busy=full_index)

    cases: dict[str, Callable[[], object]] = {
        "cycle": cycle,
        "cycle, Berlin times": cycle_berlin,
        "cycle, index built": cycle_indexed,
        "no slot": no_slot,
    }
    results = schedule(ideal, duration=duration, availability=av, now=now, busy=index)
    assert len(ideal) == 15 and all(r.found for r in results), "the benchmark's cycle should fit"
    assert not no_slot().found  # type: ignore[attr-defined]
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            began = clock.perf_counter()
            case()
            times[name].append((clock.perf_counter() - began) * 1000)
    return len(ideal), times


def run(rounds: int, appointments: int) -> None:
    sessions, times = timings(rounds, appointments)
    print(f"{appointments} appointments, {sessions} sessions, {rounds} interleaved rounds")
    for name, values in times.items():
        p95 = quantiles(values, n=20)[-1]
        print(f"  {name:<20} median {median(values):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--appointments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    run(args.rounds, args.appointments)


if __name__ == "__main__":
    main()
