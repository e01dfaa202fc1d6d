"""Browser tests: Playwright (pytest-playwright) drives Debian's Chromium against Django's live server.

Needs Chromium (``/usr/bin/chromium`` or ``CHROMIUM_PATH``), axe-core (``npm ci`` in this folder)
and ``pdftoppm`` (poppler-utils). Without them the tests skip and say what is missing; with
``BROWSER_TESTS=required`` (as CI sets it) they fail instead, so they can never silently not run.
Screenshots go to ``test-artifacts/screenshots/`` (or ``SCREENSHOT_DIR``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots"))
REQUIRED = os.environ.get("BROWSER_TESTS", "").lower() == "required"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]


def missing_prerequisites() -> list[str]:
    problems = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    if not AXE_JS.is_file():
        problems.append("axe-core (npm ci --prefix tests/browser, or make browser-deps)")
    if shutil.which("pdftoppm") is None:
        problems.append("pdftoppm (apt-get install poppler-utils)")
    return problems


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test's thread; Django would then refuse its
    synchronous ORM calls in the test (a known pytest-django + Playwright issue). The test thread
    never runs async Django code, so this is safe here, and only while the browser tests run (a
    subprocess started by another test must not inherit it: `check --deploy` rejects it)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time() -> Iterator[None]:
    """The live server shares the test's in-memory SQLite connection with its request threads, and
    the pages read the database on every request (the knowledge version, the safety gate). Two
    requests at once on that one connection fail ("cannot open savepoint - SQL statements in
    progress"), so the live server here answers one request after another; Django's server then
    closes each connection, and the browser opens the next."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # served in the thread that holds the connection

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a browser downloaded by a test tool; checked before launching."""
    problems = missing_prerequisites()
    if problems:
        message = "browser tests need " + "; ".join(problems)
        if REQUIRED:
            pytest.fail(message + " (BROWSER_TESTS=required)", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # No bypass_csp: the app's Content-Security-Policy stays in force, and axe is evaluated through
    # the DevTools protocol, which a page's policy does not govern.
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "accept_downloads": True,
        # Bootstrap then turns its transitions off: axe never measures a colour half-way.
        "reduced_motion": "reduce",
    }


@pytest.fixture(autouse=True)
def shipped_knowledge(transactional_db: None) -> None:
    """The live server needs committed data, so these tests are transactional; the flush after
    each one also empties the knowledge base that conftest loaded for the session."""
    from triggerfinder.models import Muscle
    from triggerfinder.security import roles
    from triggerfinder.selectors.knowledge import bump_knowledge_version
    from triggerfinder.services.knowledge.importing import load_shipped_knowledge

    if not Muscle.objects.exists():
        load_shipped_knowledge()
        bump_knowledge_version()
    roles.ensure_roles()


@pytest.fixture(autouse=True)
def page_errors(page: Any) -> Iterator[list[str]]:
    """Every script error and console error (a CSP violation among them) fails the test."""
    errors: list[str] = []
    page.set_default_timeout(15_000)  # a failure shows in seconds, not after 30
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    yield errors
    assert errors == []


@pytest.fixture
def site(live_server: Any) -> str:
    return live_server.url


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    return path


def check_accessibility(page: Any, context: str) -> None:
    """axe-core on the current page: no serious or critical violation (WCAG 2.1 A/AA rules)."""
    page.mouse.move(0, 0)  # no hover colours
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], f"axe on {context}: {serious}"


def log_in(page: Any, site: str, username: str, password: str, *, prefix: str = "") -> None:
    """Log in through the form with both factors: the password and a fresh recovery code."""
    page.goto(f"{site}{prefix}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_otp_token").fill(fresh_recovery_code(username))
    page.locator("#id_otp_token").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def fresh_recovery_code(username: str) -> str:
    """A one-time code for ``username``, as from the printed sheet (the database is shared with
    the live server)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    user = get_user_model().objects.get(username=username)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    return device.token_set.create(token=StaticToken.random_token()).token


def click_region(page: Any, slug: str) -> None:
    """Click one shape of a region on the body map, as a user would (a paired region's box centre
    lies between its two shapes)."""
    page.locator(f'.tf-bodymap [data-region="{slug}"] > :not(title)').first.click()
