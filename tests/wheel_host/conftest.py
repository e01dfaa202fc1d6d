"""Fixtures from the installed app's public API only: nothing here imports the repository's tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

HOST = Path(__file__).resolve().parent


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=HOST, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def installed_project() -> dict[str, str]:
    """What the README tells an integrator to run, with the host's own manage.py in a new process:
    migrate and load_knowledge into the host's SQLite file, then check. Their outputs by command."""
    (HOST / "db.sqlite3").unlink(missing_ok=True)
    return {
        "migrate": manage("migrate", "--noinput"),
        "load_knowledge": manage("load_knowledge"),
        "check": manage("check"),
    }


@pytest.fixture(scope="session")
def django_db_setup(installed_project):
    """The tests use that database as it is (pytest-django's recipe for an existing database):
    no test database of its own, and each test's changes roll back."""


@pytest.fixture
def therapist_client(client, db):
    from triggerfinder.security import roles

    user = get_user_model().objects.create_user("lena", password="irrelevant-here-force-login")
    user.groups.add(Group.objects.get(name=roles.THERAPIST))
    client.force_login(user)
    return client
