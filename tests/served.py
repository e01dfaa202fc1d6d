"""`make serve`'s gunicorn, started for a test or a benchmark on a free port of 127.0.0.1.

The same command as the Makefile (`gunicorn -c clinic/gunicorn.conf.py clinic.wsgi`) with the same
environment (DEBUG off, plain HTTP), a generated SECRET_KEY and a throw-away SQLite file that has
been migrated and holds the knowledge base and one therapist. Everything lives in one temporary
directory; ``stop()`` ends gunicorn's whole process group.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CONFIG = "clinic/gunicorn.conf.py"
USERNAME = "lena"
PASSWORD = "served-" + secrets.token_urlsafe(12)
# The therapist's sheet of printed one-time codes: every log-in uses one (the second factor).
CODES = [secrets.token_hex(4) for _ in range(20)]

PREPARE = """
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from triggerfinder.security import roles
from triggerfinder.models import Client
call_command("migrate", verbosity=0, interactive=False)
call_command("load_knowledge", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
roles.ensure_roles()
user = get_user_model().objects.create_user({username!r}, password={password!r})
user.groups.add(Group.objects.get(name=roles.THERAPIST))
Client.objects.create(first_name="Erika", last_name="Mustermann", therapist=user)
from django_otp.plugins.otp_static.models import StaticDevice
device = StaticDevice.objects.create(user=user, name="printed", confirmed=True)
for code in {codes!r}:
    device.token_set.create(token=code)
"""


def gunicorn_path() -> Path | None:
    """The virtualenv's gunicorn, as the Makefile runs it (`$(BIN)/gunicorn`)."""
    beside = Path(sys.executable).parent / "gunicorn"
    if beside.exists():
        return beside
    found = shutil.which("gunicorn")
    return Path(found) if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    def __init__(self, workdir: Path, **environment: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.access_log = workdir / "access.log"
        self.error_log = workdir / "error.log"
        self.cache_dir = workdir / "cache"
        self.spool_dir = workdir / "tmp"
        self.spool_dir.mkdir()
        clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
        self.environment = {
            **clean,
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(workdir / "static"),
            "CACHE_DIR": str(self.cache_dir),
            # As `make serve` on 127.0.0.1: plain HTTP.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ACCESS_LOG": str(self.access_log),
            "ERROR_LOG": str(self.error_log),
            # Where an upload would be spooled: it must stay empty.
            "TMPDIR": str(self.spool_dir),
            **environment,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.unused_codes = list(CODES)

    def prepare(self) -> None:
        script = PREPARE.format(username=USERNAME, password=PASSWORD, codes=CODES)
        subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=self.environment, check=True, timeout=120
        )

    def start(self, gunicorn: Path) -> None:
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", CONFIG, "clinic.wsgi"],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so stop() ends the workers too
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.error_log}")
            try:
                if self.request("GET", "/health/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /health/; see {self.error_log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def forget_counters(self) -> None:
        """Empty the shared cache: the throttle's counters start from zero."""
        shutil.rmtree(self.cache_dir, ignore_errors=True)

    def request(
        self, method: str, path: str, body: bytes | str = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response, response.read()
        finally:
            connection.close()

    def csrf(self) -> tuple[str, str]:
        """A CSRF cookie and the log-in form's token for it."""
        status, response, body = self.request("GET", "/accounts/login/")
        assert status == 200, status
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        return cookie, token

    def post_form(self, path: str, fields: dict | list, cookies: str, token: str) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookies,
            "X-CSRFToken": token,
        }
        status, _response, body = self.request("POST", path, urlencode(fields, doseq=True), headers)
        return status, body

    def log_in(self, username: str = USERNAME, password: str = PASSWORD) -> tuple[int, str, str]:
        """(status, cookie header, CSRF token) after a log-in through the real form, with the
        therapist's next printed one-time code."""
        cookie, token = self.csrf()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        }
        code = self.unused_codes.pop() if self.unused_codes else ""
        fields = urlencode(
            {"username": username, "password": password, "otp_token": code, "csrfmiddlewaretoken": token}
        )
        status, response, _body = self.request("POST", "/accounts/login/", fields, headers)
        cookies = dict(re.findall(r"(sessionid|csrftoken)=([^;]+)", response.getheader("Set-Cookie", "")))
        cookies.setdefault("csrftoken", cookie)
        header = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return status, header, cookies["csrftoken"]
