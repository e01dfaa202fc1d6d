"""The whole benchmark (issue 8): every page in-process, then a bounded load run under gunicorn.

Run with `make bench` (full scale: 10,000 clients, 30,000 intakes, 100,000 sessions) or, for a
quick look, e.g. `.venv/bin/python benchmarks/bench_all.py --clients 1000 --output -`.

1. Seeds an SQLite file in a temporary directory with `seed_demo`, first at a small scale, then
   grown to the full scale, and measures each page through Django's test client at both: median,
   p95 and queries per request. A query count that differs between the two would grow with data.
2. Starts gunicorn (clinic.wsgi, 2 workers, DEBUG off, a generated SECRET_KEY, the same file) on a
   free port of 127.0.0.1 and sends it requests from several processes, one connection per
   request, for a bounded time: requests per second and p95 for the finder API and the logged-in
   client list. gunicorn is always stopped.
3. Writes the report (machine, command, scale, table with goals) to docs/benchmarks.md.
4. Runs benchmarks/bench_appointments.py (its own databases, in a process of its own), which adds
   the section "Appointment book" (week view, concurrent booking, slot search) to that report.
"""

from __future__ import annotations

import argparse
import http.client
import io
import multiprocessing
import os
import platform
import re
import secrets
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-" + secrets.token_urlsafe(12)
SMALL = (100, 300, 1_000)  # clients, intakes, sessions of the small scale
LOAD_BEFORE = [0.0, 0.0, 0.0]  # the machine's load average when the benchmark began
ORIGINAL_DATABASE_URL = os.environ.get("DATABASE_URL", "")  # before main() points it at its file
FINDER_QUERY = "region=lower-back&region=hip-buttock&region=neck&lang=en"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--intakes", type=int, default=None, help="default: 3 per client")
    parser.add_argument("--sessions", type=int, default=None, help="default: 10 per client")
    parser.add_argument("--repeat", type=int, default=40, help="requests per page (fewer for slow ones)")
    parser.add_argument("--load-seconds", type=float, default=10.0, help="length of each load run")
    parser.add_argument("--load-requests", type=int, default=20_000, help="most requests per load run")
    parser.add_argument("--load-processes", type=int, default=4, help="load generator processes")
    parser.add_argument(
        "--database",
        help="SQLite file to seed and keep, for quick reruns (seeding adds only what is missing, so the "
        "'small scale' column then shows whatever the file holds); default: a temporary file",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"), help="'-': print only")
    args = parser.parse_args()
    args.intakes = 3 * args.clients if args.intakes is None else args.intakes
    args.sessions = 10 * args.clients if args.sessions is None else args.sessions
    return args


@dataclass
class Row:
    name: str
    median: float
    p95: float
    queries_small: float
    queries_full: float
    goal: str = ""
    met: bool | None = None


@dataclass
class LoadRow:
    name: str
    requests: int
    seconds: float
    p50: float
    p95: float
    errors: int
    goal: str = ""
    met: bool | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


# In-process measurements ------------------------------------------------------------------------


def intake_post(index: int) -> dict:
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


def pages(repeat: int) -> list[tuple[str, str, int, object]]:
    """(name, who, repeat, request(browser, index)) for every measured page."""
    from triggerfinder.models import Client

    # The demo client with the longest session history that the therapist may see.
    busiest = (
        Client.objects.filter(
            therapist__username="therapeutin", sessions__isnull=False, plans__status="accepted"
        )
        .order_by("pk")
        .first()
        or Client.objects.filter(therapist__username="therapeutin").order_by("pk").first()
    )
    detail, handout = f"/clients/{busiest.pk}/", f"/clients/{busiest.pk}/handout.pdf"
    preview = {"region": ["lower-back:7", "hip-buttock"], "duration_months": 18, "factor": "stress"}
    slow = max(5, repeat // 4)
    return [
        ("client list (practice lead, all clients)", "lead", repeat, lambda b, i: b.get("/clients/")),
        ("client search `müller` (practice lead)", "lead", repeat, lambda b, i: b.get("/clients/?q=müller")),
        ("client list (therapist, own clients)", "therapist", repeat, lambda b, i: b.get("/clients/")),
        ("client detail (with sessions)", "therapist", repeat, lambda b, i: b.get(detail)),
        ("intake GET", "therapist", repeat, lambda b, i: b.get("/intake/")),
        (
            "intake POST (client, intake, plan)",
            "therapist",
            repeat,
            lambda b, i: b.post("/intake/", intake_post(i)),
        ),
        (
            "intake live preview POST",
            "therapist",
            repeat,
            lambda b, i: b.post("/intake/preview/", intake_post(i)),
        ),
        ("plan preview API", "therapist", repeat, lambda b, i: b.post("/api/plan-preview/", preview)),
        ("finder API (anonymous)", "anonymous", repeat, lambda b, i: b.get(f"/api/finder/?{FINDER_QUERY}")),
        ("outcomes page (practice lead)", "lead", slow, lambda b, i: b.get("/outcomes/")),
        ("one handout PDF", "therapist", repeat, lambda b, i: b.get(handout)),
    ]


def browsers() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client as Browser

    users = get_user_model().objects
    result = {"anonymous": Browser()}
    for who, username in [("lead", "praxisleitung"), ("therapist", "therapeutin")]:
        browser = Browser()
        browser.force_login(users.get(username=username))
        result[who] = browser
    return result


def measure_pages(repeat: int) -> dict[str, tuple[float, float, float]]:
    from common import measure

    found = {}
    clients = browsers()
    for name, who, times, request in pages(repeat):
        browser = clients[who]
        response = request(browser, -1)  # warm-up; also checks the page works
        assert response.status_code in (200, 302), (name, response.status_code)
        found[name] = measure(lambda index, request=request, browser=browser: request(browser, index), times)
    return found


def seed(clients: int, intakes: int, sessions: int) -> float:
    from django.core.management import call_command

    start = time.perf_counter()
    counts = {"--clients": clients, "--intakes": intakes, "--sessions": sessions}
    arguments = [str(part) for option, count in counts.items() for part in (option, count)]
    call_command("seed_demo", *arguments, "--force", stdout=io.StringIO())
    return time.perf_counter() - start


def set_password_for_gunicorn(usernames: list[str]) -> None:
    """The load run logs in through gunicorn, whose settings hash with Argon2 only."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    for user in get_user_model().objects.filter(username__in=usernames):
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])


# Load run under gunicorn -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None, method: str = "GET", body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_of(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def log_in(port: int, username: str) -> str:
    """A session cookie header for ``username``, through the real log-in form."""
    status, headers, body = fetch(port, "/accounts/login/")
    assert status == 200, status
    csrf = cookies_of(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    status, headers, _ = fetch(
        port,
        "/accounts/login/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        "POST",
        form,
    )
    assert status == 302, f"log-in failed: {status}"
    return f"sessionid={cookies_of(headers)['sessionid']}; csrftoken={csrf}"


def raw_get(port: int, request: bytes) -> int:
    """One request on a new connection, read to the end; the status code. Plain sockets, so that
    the load generator spends as little time per request as it can (http.client parses headers
    with the e-mail parser)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        head = connection.recv(65536)
        while connection.recv(65536):
            pass
    return int(head[9:12]) if head.startswith(b"HTTP/1.") else 0


def hammer(job: tuple[int, str, str, float, int]) -> tuple[list[float], int]:
    """One load-generator process: requests one after another until the time or count is up."""
    port, path, cookie, until, most = job
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    times, errors = [], 0
    while time.time() < until and len(times) + errors < most:
        start = time.perf_counter()
        try:
            status = raw_get(port, request)
        except OSError:
            status = 0
        if status == 200:
            times.append((time.perf_counter() - start) * 1000)
        else:
            errors += 1
    return times, errors


def load_run(port: int, name: str, path: str, cookie: str, args: argparse.Namespace) -> LoadRow:
    for _ in range(20):
        assert fetch(port, path, {"Cookie": cookie} if cookie else {})[0] == 200, path  # warm the workers
    processes = args.load_processes
    start = time.time()
    until = start + args.load_seconds
    jobs = [(port, path, cookie, until, args.load_requests // processes)] * processes
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(hammer, jobs)
    elapsed = time.time() - start
    times = sorted(t for result in results for t in result[0])
    errors = sum(result[1] for result in results)
    from common import percentile

    return LoadRow(name, len(times), elapsed, median(times), percentile(times, 0.95), errors)


def gunicorn_environment(database: Path, static_root: Path) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{database}",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        CACHE_DIR=str(static_root.parent / "cache"),
        # The load comes from one address: a rate it never reaches, so the limiter is still paid for.
        FINDER_RATE_LIMIT="1000000/m",
    )
    return environment


def under_gunicorn(database: Path, workdir: Path, args: argparse.Namespace) -> list[LoadRow]:
    environment = gunicorn_environment(database, workdir / "static")
    python = sys.executable
    subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
        [python, "-m", "gunicorn", "clinic.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
    )
    try:
        for _ in range(100):
            try:
                if fetch(port, "/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start; see " + str(workdir / "gunicorn.log"))
        cookie = log_in(port, "praxisleitung")
        return [
            load_run(port, "finder API (anonymous)", f"/api/finder/?{FINDER_QUERY}", "", args),
            load_run(port, "client list (practice lead, logged in)", "/clients/", cookie, args),
        ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# Report --------------------------------------------------------------------------------------------


def judge(rows: list[Row], loads: list[LoadRow]) -> None:
    for row in rows:
        if row.name.startswith("client list (practice lead") or row.name.startswith("client search"):
            row.goal, row.met = "p95 ≤ 50 ms", row.p95 <= 50
        elif row.name == "one handout PDF":
            row.goal, row.met = "median ≤ 25 ms", row.median <= 25
        elif row.name.startswith("finder API"):
            row.goal, row.met = "median ≤ 5 ms", row.median <= 5
    for load in loads:
        if load.name.startswith("finder API"):
            load.goal, load.met = "≥ 400 requests/s", load.rate >= 400
        elif load.errors:
            load.met = False


def machine_lines() -> list[str]:
    import django
    import gunicorn

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- CPU: {model}, {os.cpu_count()} cores ({platform.machine()}), {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, "
        f"gunicorn {gunicorn.__version__}",
    ]


NOTES = """
## Notes

- **Client list at 10,000 clients.** The next appointment used to be an aggregate over a join of
  every client with all their plans' dates, so the database grouped all 10,000 clients before it
  could sort and cut one page (about 280 ms median, 390 ms p95 at this scale). It is now a
  subquery: SQLite walks the name index, stops after one page and looks up the appointment for
  those 25 clients only, and the page count is a plain `COUNT(*)`.
- **Finder API under gunicorn.** Anonymous finder requests do no database or session work (0
  queries; the session is never loaded without a cookie). The encoded JSON of the last 512
  answers is now kept per knowledge snapshot, so a repeated question skips the form, the ranking
  and the encoding (about 0.3 ms per request through the WSGI stack, of which the middleware is
  most). The load generator uses plain sockets: with `http.client` it spent more CPU per request
  than gunicorn and became the bottleneck on two cores.
- **Handout (goal missed).** Building one handout PDF renders about 9,000 characters of
  self-treatment text, three vector body diagrams, three embedded font subsets and compressed
  page streams. Two changes made it faster with byte-identical output: a paragraph breaks its
  lines once per width (tables wrapped every cell's paragraphs again to draw them), and each body
  diagram is built once and shared (render alone: about 54 ms before, 46 ms after, on this
  machine). What remains, from a profile: roughly a quarter line-breaking and table layout, a
  fifth drawing the diagrams' paths, a sixth writing the PDF (font subsets, zlib), an eighth
  parsing the paragraphs, plus the request's database reads (about 5 ms) and the access-log
  entry. Reaching 25 ms would mean
  less text or simpler figures on the handout, or caching whole PDFs; neither is a code fix for
  a benchmark, so the figure stays as measured.
- **Outcomes page.** Its 13 queries do not grow with the data, but they aggregate over all
  100,000 sessions on every request (SQLite, no goal set in the issue); a cache or a summary
  table would be the next step if practices of this size use it.
- Figures under gunicorn depend on what else the machine runs; the load average at the start is
  given above.
"""


def mark(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "**missed**")


def report(args, command, rows, loads, seeding, counts) -> str:
    small = f"{SMALL[0]:,} clients"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with",
        "",
        "```sh",
        command,
        "```",
        "",
        *machine_lines(),
        f"- Data: {counts}, seeded into an SQLite file (WAL) with `seed_demo` in {seeding:.0f} s.",
        "",
        "## In-process (Django test client)",
        "",
        f"Each page {args.repeat} times ({max(5, args.repeat // 4)} for the outcomes page) after one "
        "warm-up request, logged in as the therapist `therapeutin` (her own clients, about half) or "
        "the practice lead `praxisleitung` (all clients). Queries are per request, counted once at "
        f"{small} and once at the full scale: the same number at both means the page's queries do "
        "not grow with the data.",
        "",
        f"| page | median ms | p95 ms | queries at {small} | queries at full scale | goal | |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        same = row.queries_small == row.queries_full
        lines.append(
            f"| {row.name} | {row.median:.1f} | {row.p95:.1f} | {row.queries_small:g} | {row.queries_full:g}"
            f"{'' if same else ' (grows)'} | {row.goal} | {mark(row.met)} |"
        )
    independent = all(row.queries_small == row.queries_full for row in rows)
    lines += [
        f"| every page's query count independent of the data size | | | | | same at both scales | {mark(independent)} |",
        "",
        "## Under gunicorn (2 workers, 127.0.0.1)",
        "",
        f"`gunicorn clinic.wsgi --workers 2`, DEBUG off, a generated SECRET_KEY, the same database file; "
        f"{args.load_processes} load-generator processes on the same machine, each sending one request "
        f"after another on a new connection (plain sockets), for {args.load_seconds:g} s (at most {args.load_requests:,} "
        "requests). The load generator shares the cores with gunicorn"
        f" (and with whatever else runs: load average {LOAD_BEFORE[0]:.1f} when the run began).",
        "",
        "| request | requests | requests/s | median ms | p95 ms | errors | goal | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for load in loads:
        lines.append(
            f"| {load.name} | {load.requests:,} | {load.rate:.0f} | {load.p50:.1f} | {load.p95:.1f} | "
            f"{load.errors} | {load.goal} | {mark(load.met)} |"
        )
    return "\n".join(lines) + "\n" + NOTES


def main() -> None:
    args = arguments()
    LOAD_BEFORE[:] = os.getloadavg()
    command = (
        "make bench"
        if len(sys.argv) == 1
        else shlex.join(["python", "benchmarks/bench_all.py", *sys.argv[1:]])
    )
    with tempfile.TemporaryDirectory(prefix="triggerfinder-bench-") as workdir:
        database = Path(args.database).resolve() if args.database else Path(workdir) / "bench.sqlite3"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from common import prepare_database

        prepare_database()
        print(f"seeding {SMALL[0]:,} clients …", flush=True)
        seed(
            *(
                min(small, full)
                for small, full in zip(SMALL, (args.clients, args.intakes, args.sessions), strict=True)
            )
        )
        small = measure_pages(args.repeat)
        print(
            f"seeding {args.clients:,} clients, {args.intakes:,} intakes, {args.sessions:,} sessions …",
            flush=True,
        )
        seeding = seed(args.clients, args.intakes, args.sessions)
        full = measure_pages(args.repeat)
        rows = [Row(name, *full[name][:2], small[name][2], full[name][2]) for name in full]
        from triggerfinder.models import Client, Intake, TreatmentSession

        counts = (
            f"{Client.objects.count():,} clients, {Intake.objects.count():,} intakes, "
            f"{TreatmentSession.objects.count():,} sessions"
        )
        set_password_for_gunicorn(["praxisleitung"])
        from django.db import connection

        connection.close()
        print("load run under gunicorn …", flush=True)
        loads = under_gunicorn(database, Path(workdir), args)
    judge(rows, loads)
    text = report(args, command, rows, loads, seeding, counts)
    print(text)
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"written to {args.output}")
    print("appointment book …", flush=True)
    environment = {**os.environ}
    environment.pop("DATABASE_URL", None)  # set above for this process's SQLite file
    if ORIGINAL_DATABASE_URL:
        environment["DATABASE_URL"] = ORIGINAL_DATABASE_URL  # PostgreSQL for the concurrent writers
    subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [sys.executable, str(ROOT / "benchmarks" / "bench_appointments.py"), "--output", args.output],
        cwd=ROOT,
        env=environment,
        check=True,
    )


if __name__ == "__main__":
    main()
