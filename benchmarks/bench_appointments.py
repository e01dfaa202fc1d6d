"""Benchmark of the appointment book (issue 17): the practice lead's week view, booking under
concurrent writers, and the slot search.

Run with `make bench-appointments` (options: `.venv/bin/python benchmarks/bench_appointments.py
--help`). Not a test: nothing fails, it measures and reports. It prints a markdown section
"## Appointment book" and puts it into docs/benchmarks.md, replacing that section and leaving the
rest of the file as it is (`--output -` prints only). `make bench` (bench_all.py) runs it after
writing its own report, so the section survives a full run.

1. **Week view.** An SQLite file (WAL) in a temporary directory: 10 therapists working Monday to
   Friday, 10 rooms, a practice lead. `/appointments/week/<monday>/` through Django's test client
   as the lead, once with 30 appointments in that week and once with 300 (booked through the
   service, so rooms are chosen as in the app): median and p95 at 300 (goal: median ≤ 60 ms) and
   the queries per request at both (goal: the same number).
2. **Booking under concurrent writers.** 8 processes (this script's ``worker`` mode, the project's
   settings with DEBUG off) book through ``services.appointments.appointment_book`` on one SQLite
   file, and also on PostgreSQL when DATABASE_URL names one (a throw-away database: the benchmark
   migrates it and adds a therapist, a client and appointments):
   - *contested*: every process books the same times in the same order, all at once: each time
     must have exactly one winner, every other attempt the conflict;
   - *own times*: each process books times of its own for the same therapist, all at once, so the
     writes queue on the therapist's row lock (PostgreSQL) or the write lock (SQLite): each wins.
   Then the database is read back: no two active appointments of the therapist overlap (double
   bookings), every winner's appointment is there as booked and every attempt was a win or a
   conflict, never "database is locked" (lost writes). Bookings per second: the own-times
   phase's winners over its wall-clock time, from the start signal to the last answer.
3. **Slot search** (pure core, benchmarks/bench_slots.py): a 15-session cycle against one
   therapist's 5,000 appointments.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
HEADING = "## Appointment book"
THERAPISTS, WEEK_APPOINTMENTS, FEW_APPOINTMENTS = 10, 300, 30
WEEK_GOAL_MS = 60.0
SLOT_GOAL_MS = 20.0
WRITER = "bench-writer"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60, help="requests of the week view (default 60)")
    parser.add_argument("--processes", type=int, default=8, help="concurrent writer processes (default 8)")
    parser.add_argument("--contested", type=int, default=30, help="times every writer tries (default 30)")
    parser.add_argument("--own", type=int, default=30, help="times of its own per writer (default 30)")
    parser.add_argument(
        "--slot-rounds", type=int, default=100, help="rounds of the slot search (default 100)"
    )
    parser.add_argument(
        "--output",
        default=str(ROOT / "docs" / "benchmarks.md"),
        help="file to put the section into; '-': print only",
    )
    return parser.parse_args()


# 1. The week view ---------------------------------------------------------------------------------


def quiet_week(earliest: date) -> date:
    """The first Monday from ``earliest`` whose working days are no public holiday."""
    from triggerfinder.selectors.availability import public_holidays

    monday = earliest + timedelta(days=(7 - earliest.weekday()) % 7)
    while public_holidays(monday, monday + timedelta(days=4)):
        monday += timedelta(days=7)
    return monday


@dataclass(frozen=True)
class WeekResult:
    monday: date
    median: float
    p95: float
    queries_few: float
    queries_full: float
    median_few: float


def verified_login(browser, user) -> None:
    """Log in as a user who also gave a one-time code, as every log-in does in production."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    browser.force_login(user)
    device, _created = StaticDevice.objects.get_or_create(user=user, name="bench")
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def week_view(repeat: int) -> WeekResult:
    from common import measure
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser
    from django.utils import timezone

    from triggerfinder.models import Client, Room, WorkingHours
    from triggerfinder.security import roles
    from triggerfinder.services.appointments import appointment_book

    groups = roles.ensure_roles()
    users = get_user_model().objects
    therapists = []
    for number in range(1, THERAPISTS + 1):
        therapist = users.create_user(
            username=f"therapist{number:02d}", first_name="Therapist", last_name=f"{number:02d}"
        )
        therapist.groups.add(groups[roles.THERAPIST])
        therapists.append(therapist)
        for weekday in range(5):
            WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(8), end=time(18))
    lead = users.create_user(username="lead", first_name="Miriam", last_name="Vogel")
    lead.groups.add(groups[roles.PRACTICE_LEAD])
    for number in range(1, THERAPISTS + 1):
        Room.objects.create(name=f"Room {number:02d}")
    per_therapist = WEEK_APPOINTMENTS // THERAPISTS
    clients = {
        therapist.pk: [
            Client.objects.create(
                first_name=f"Client {index:02d}", last_name=therapist.last_name, therapist=therapist
            )
            for index in range(per_therapist)
        ]
        for therapist in therapists
    }
    monday = quiet_week(timezone.localdate() + timedelta(days=35))
    tz = timezone.get_default_timezone()
    hours = [8, 9, 10, 11, 13, 14, 15, 16, 17]
    # Booking number i of a therapist: spread over the week, every day alike (6 a day).
    times = [(day, hour) for hour in hours[:6] for day in range(5)]
    now = datetime.combine(monday - timedelta(days=7), time(8), tzinfo=tz)

    def book(index: int) -> None:
        for therapist in therapists:
            day, hour = times[index]
            appointment_book(
                therapist=therapist,
                client=clients[therapist.pk][index],
                start=datetime.combine(monday + timedelta(days=day), time(hour), tzinfo=tz),
                duration_minutes=50,
                now=now,
            )

    few = FEW_APPOINTMENTS // THERAPISTS
    for index in range(few):
        book(index)
    browser = Browser()
    verified_login(browser, lead)
    url = f"/appointments/week/{monday.isoformat()}/"

    def request(_index: int) -> None:
        response = browser.get(url)
        assert response.status_code == 200, response.status_code

    warm = browser.get(url)
    assert warm.status_code == 200 and warm.context["count"] == FEW_APPOINTMENTS, warm.context["count"]
    median_few, _p95_few, queries_few = measure(request, max(5, repeat // 4))
    for index in range(few, per_therapist):
        book(index)
    warm = browser.get(url)
    assert warm.context["count"] == WEEK_APPOINTMENTS, warm.context["count"]
    assert len(warm.context["therapists"]) == THERAPISTS + 1  # the lead's column, too
    median_full, p95_full, queries_full = measure(request, repeat)
    return WeekResult(monday, median_full, p95_full, queries_few, queries_full, median_few)


# 2. Concurrent writers ----------------------------------------------------------------------------


def worker_environment(url: str, workdir: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=url,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        CACHE_DIR=str(workdir / "cache"),
        STATIC_ROOT=str(workdir / "static"),
        PYTHONPATH=str(ROOT),
    )
    return environment


def worker(command: str, tag: str) -> None:
    """A writer process: ``setup`` (the therapist, working every day 00:00–23:59, and a client),
    ``serve`` (book on command) or ``rows`` (the therapist's appointments as JSON)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import OperationalError
    from django.utils import timezone

    from triggerfinder.models import Appointment, Client, WorkingHours
    from triggerfinder.services.appointments import SlotConflictError, appointment_book

    username = f"{WRITER}-{tag}"
    if command == "setup":
        therapist = get_user_model().objects.create_user(username=username)
        for weekday in range(7):
            WorkingHours.objects.create(therapist=therapist, weekday=weekday, start=time(0), end=time(23, 59))
        Client.objects.create(first_name="Erika", last_name=username, therapist=therapist)
        return
    therapist = get_user_model().objects.get(username=username)
    if command == "rows":
        rows = Appointment.objects.filter(therapist=therapist).values_list("pk", "start", "end", "status")
        print(
            json.dumps([[pk, start.isoformat(), end.isoformat(), status] for pk, start, end, status in rows])
        )
        return
    client = Client.objects.get(last_name=username)
    # Warm up (connection, holidays, the gate's rules) with a time in the past: refused, no row.
    with contextlib.suppress(SlotConflictError):
        appointment_book(therapist=therapist, client=client, start=timezone.now() - timedelta(days=1))
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        answers = []
        for start in json.loads(line):
            began = clock.perf_counter()
            try:
                booked = appointment_book(
                    therapist=therapist,
                    client=client,
                    start=datetime.fromisoformat(start),
                    duration_minutes=60,
                )
                answer = ["won", booked.pk]
            except SlotConflictError as error:
                answer = ["conflict", ",".join(error.reasons)]
            except OperationalError as error:
                answer = ["error", str(error)[:200]]
            answers.append([start, *answer, (clock.perf_counter() - began) * 1000])
        print(json.dumps(answers), flush=True)


@dataclass
class Phase:
    attempts: int = 0
    winners: int = 0
    conflicts: int = 0
    errors: int = 0
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.winners / self.seconds if self.seconds else 0.0


@dataclass
class WriteResult:
    database: str
    processes: int
    contested: Phase
    own: Phase
    double_bookings: int
    lost_writes: int
    problems: list[str]


def slot_times(count: int, skip: int = 0) -> list[str]:
    """``count`` one-hour times from five weeks ahead, 01:00 to 22:00 each day, none on a public
    holiday; ``skip`` leaves out the first ones (those of another phase)."""
    from django.utils import timezone

    from triggerfinder.selectors.availability import public_holidays

    tz = timezone.get_default_timezone()
    first = timezone.localdate() + timedelta(days=35)
    closed = public_holidays(first, first + timedelta(days=400))
    found: list[str] = []
    day = first
    while len(found) < skip + count:
        if day not in closed:
            found += [datetime.combine(day, time(hour), tzinfo=tz).isoformat() for hour in range(1, 23)]
        day += timedelta(days=1)
    return found[skip : skip + count]


def run_phase(writers: list[subprocess.Popen[str]], jobs: list[list[str]]) -> tuple[list[list], float]:
    """Give each writer its times at once; every writer's answers and the wall-clock seconds."""
    began = clock.perf_counter()
    for writer, job in zip(writers, jobs, strict=True):
        assert writer.stdin is not None
        writer.stdin.write(json.dumps(job) + "\n")
        writer.stdin.flush()
    answers = []
    for writer in writers:
        assert writer.stdout is not None
        answers.append(json.loads(writer.stdout.readline()))
    return answers, clock.perf_counter() - began


def tally(answers: list[list], seconds: float) -> Phase:
    phase = Phase(seconds=seconds)
    for one in (answer for writer in answers for answer in writer):
        _start, outcome, detail, ms = one
        phase.attempts += 1
        phase.times.append(ms)
        if outcome == "won":
            phase.winners += 1
        elif outcome == "conflict":
            phase.conflicts += 1
            if detail != "overlap":
                phase.problems.append(f"conflict for another reason: {detail}")
        else:
            phase.errors += 1
            phase.problems.append(f"{outcome}: {detail}")
    return phase


def concurrent_writers(url: str, label: str, args: argparse.Namespace, workdir: Path) -> WriteResult:
    environment = worker_environment(url, workdir)
    tag = secrets.token_hex(4)
    script = str(Path(__file__).resolve())

    def run(*command: str) -> str:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [sys.executable, *command], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
        )
        return done.stdout

    run("manage.py", "migrate", "--noinput", "-v0")
    run(script, "worker", "setup", tag)
    writers = [
        subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
            [sys.executable, script, "worker", "serve", tag],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(args.processes)
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        contested_times = slot_times(args.contested)
        contested_answers, seconds = run_phase(writers, [contested_times] * len(writers))
        contested = tally(contested_answers, seconds)
        own_times = slot_times(args.own * len(writers), skip=args.contested)
        own_jobs = [own_times[index :: len(writers)] for index in range(len(writers))]
        own_answers, seconds = run_phase(writers, own_jobs)
        own = tally(own_answers, seconds)
    finally:
        for writer in writers:
            _out, err = writer.communicate("quit\n", timeout=300)
            if writer.returncode != 0:
                raise RuntimeError(f"a writer failed: {err[-2000:]}")
    rows = json.loads(run(script, "worker", "rows", tag))
    problems: list[str] = [*contested.problems, *own.problems]
    active = sorted(
        (datetime.fromisoformat(start), datetime.fromisoformat(end), pk)
        for pk, start, end, status in rows
        if status in ("booked", "done", "no-show")
    )
    double_bookings = sum(1 for (_s, end, _p), (start, _e, _q) in pairwise(active) if start < end)
    stored = {pk: datetime.fromisoformat(start) for pk, start, _end, status in rows if status == "booked"}
    winners = [
        (datetime.fromisoformat(start), detail)
        for writer in [*contested_answers, *own_answers]
        for start, outcome, detail, _ms in writer
        if outcome == "won"
    ]
    lost = sum(1 for start, pk in winners if stored.get(pk) != start)
    lost += len(stored) - len(winners)  # a row nobody was told about
    lost += contested.errors + own.errors  # an attempt that got neither a booking nor the conflict
    per_time: dict[str, int] = {}
    for writer in contested_answers:
        for start, outcome, _detail, _ms in writer:
            per_time[start] = per_time.get(start, 0) + (outcome == "won")
    if any(count != 1 for count in per_time.values()):
        problems.append("a contested time without exactly one winner")
    if own.winners != own.attempts:
        problems.append("an own time was refused")
    return WriteResult(label, len(writers), contested, own, double_bookings, lost, problems)


# 3. The slot search -------------------------------------------------------------------------------


def slot_search(rounds: int) -> tuple[int, dict[str, tuple[float, float]]]:
    from statistics import quantiles

    from bench_slots import timings

    sessions, times = timings(rounds, 5000)
    return sessions, {name: (median(values), quantiles(values, n=20)[-1]) for name, values in times.items()}


# Report -------------------------------------------------------------------------------------------


def mark(met: bool) -> str:
    return "met" if met else "**missed**"


def section(
    args: argparse.Namespace,
    week: WeekResult,
    writes: list[WriteResult],
    slots: tuple[int, dict[str, tuple[float, float]]],
    command: str,
) -> str:
    from common import machine

    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` ({machine()}). "
        "Written by benchmarks/bench_appointments.py, which `make bench` runs after its own pages; "
        "each part is described in the script's docstring.",
        "",
        f"**Week view** `/appointments/week/` as the practice lead: {THERAPISTS} therapists, "
        f"{THERAPISTS} rooms, an SQLite file (WAL), Django's test client, {args.repeat} requests after "
        "one warm-up.",
        "",
        "| appointments in the week | median ms | p95 ms | queries per request | goal | |",
        "|---|---|---|---|---|---|",
        f"| {FEW_APPOINTMENTS} | {week.median_few:.1f} | | {week.queries_few:g} | | |",
        f"| {WEEK_APPOINTMENTS} | {week.median:.1f} | {week.p95:.1f} | {week.queries_full:g} | "
        f"median ≤ {WEEK_GOAL_MS:g} ms | {mark(week.median <= WEEK_GOAL_MS)} |",
        f"| query count at {FEW_APPOINTMENTS} and {WEEK_APPOINTMENTS} | | | "
        f"{week.queries_few:g} / {week.queries_full:g} | the same | "
        f"{mark(week.queries_few == week.queries_full)} |",
        "",
    ]
    if week.queries_few != week.queries_full:
        lines += [
            "The queries that differ are the access log's: every client shown gets an entry, "
            "written with one bulk INSERT, which Django splits on SQLite into statements of 249 "
            "rows (SQLite's limit of 999 parameters, 4 a row); one statement on PostgreSQL. Per "
            "appointment the page asks nothing.",
            "",
        ]
    lines += [
        f"**Booking under concurrent writers**: {args.processes} processes, each booking through "
        "`appointment_book` one time after another; *contested*: all try the same "
        f"{args.contested} times in the same order; *own times*: {args.own} times each, all for the "
        "same therapist. Afterwards the database is read back.",
        "",
        "| database | phase | attempts | winners | conflicts | errors | median ms per attempt | p95 ms | "
        "bookings/s | double bookings | lost writes | |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    from common import percentile

    for result in writes:
        for name, phase in [("contested", result.contested), ("own times", result.own)]:
            fine = not result.problems and result.double_bookings == 0 and result.lost_writes == 0
            lines.append(
                f"| {result.database} | {name} | {phase.attempts} | {phase.winners} | {phase.conflicts} | "
                f"{phase.errors} | {median(phase.times):.1f} | {percentile(phase.times, 0.95):.1f} | "
                f"{phase.rate:.0f} | {result.double_bookings} | {result.lost_writes} | {mark(fine)} |"
            )
    problems = [f"- {result.database}: {problem}" for result in writes for problem in result.problems]
    if problems:
        lines += ["", "Problems:", "", *problems]
    if not any(result.database.startswith("PostgreSQL") for result in writes):
        lines += [
            "",
            "PostgreSQL was not measured (DATABASE_URL named no PostgreSQL database); e.g. "
            "`DATABASE_URL=postgres://… make bench-appointments` with a throw-away database.",
        ]
    sessions, cases = slots
    lines += [
        "",
        f"**Slot search** (pure core, `make bench-slots`): a {sessions}-session cycle against one "
        f"therapist's 5,000 appointments, {args.slot_rounds} interleaved rounds.",
        "",
        "| case | median ms | p95 ms | goal | |",
        "|---|---|---|---|---|",
    ]
    for name, (mid, p95) in cases.items():
        goal = f"median ≤ {SLOT_GOAL_MS:g} ms" if name == "cycle" else ""
        met = mark(mid <= SLOT_GOAL_MS) if name == "cycle" else ""
        lines.append(f"| {name} | {mid:.2f} | {p95:.2f} | {goal} | {met} |")
    return "\n".join(lines) + "\n"


def put_section(document: str, text: str) -> str:
    """``document`` with its "Appointment book" section replaced by ``text``, or ``text`` put before
    the notes (the end when there are none); everything else stays as it is."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _match: text + "\n", document, count=1).rstrip("\n") + "\n"
    notes = re.search(r"^## Notes\b", document, re.MULTILINE)
    if notes:
        return document[: notes.start()] + text + "\n" + document[notes.start() :]
    return document.rstrip("\n") + "\n\n" + text


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def main() -> None:
    args = arguments()
    command = (
        "make bench-appointments"
        if len(sys.argv) == 1
        else " ".join(["python benchmarks/bench_appointments.py", *sys.argv[1:]])
    )
    postgres = postgres_url()
    if postgres:
        command = f"DATABASE_URL=postgres://… {command}"
    with tempfile.TemporaryDirectory(prefix="triggerfinder-bench-book-") as name:
        workdir = Path(name)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'week.sqlite3'}"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        sys.path.insert(0, str(HERE))
        from common import prepare_database

        prepare_database()
        print("week view …", flush=True)
        week = week_view(args.repeat)
        print(f"{args.processes} writers on SQLite …", flush=True)
        writes = [
            concurrent_writers(f"sqlite:///{workdir / 'writers.sqlite3'}", "SQLite (WAL)", args, workdir)
        ]
        if postgres:
            print(f"{args.processes} writers on PostgreSQL …", flush=True)
            writes.append(concurrent_writers(postgres, "PostgreSQL", args, workdir))
        print("slot search …", flush=True)
        slots = slot_search(args.slot_rounds)
    text = section(args, week, writes, slots, command)
    print(text)
    if args.output != "-":
        target = Path(args.output)
        document = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
        target.write_text(put_section(document, text), encoding="utf-8")
        print(f"written to {target}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        sys.path.insert(0, str(ROOT))
        worker(sys.argv[2], sys.argv[3])
    else:
        main()
