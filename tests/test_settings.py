"""The host project's settings: environment-driven, safe by default."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from clinic.env import is_insecure_secret_key

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "x7Qp2-" * 10
PRODUCTION_ENV = {
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "praxis.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinic.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "a1b2c3" * 10, "a" * 60])
def test_production_refuses_an_insecure_secret_key(key):
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is missing or insecure" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run_manage("check", env={"DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_secret_key_rule_matches_djangos_deploy_check():
    assert is_insecure_secret_key("")
    assert is_insecure_secret_key("django-insecure-" + "abcdef" * 10)
    assert not is_insecure_secret_key(STRONG_KEY)


def test_defaults(settings):
    from clinic import settings as clinic_settings

    assert clinic_settings.LANGUAGE_CODE == "de"
    assert [code for code, _ in clinic_settings.LANGUAGES] == ["de", "en"]
    assert clinic_settings.TIME_ZONE == "Europe/Berlin"
    assert clinic_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert clinic_settings.DEBUG is False
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in clinic_settings.MIDDLEWARE


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_database_url_selects_postgresql():
    import dj_database_url

    config = dj_database_url.parse("postgres://tf:secret@127.0.0.1:5432/triggerfinder")
    assert config["ENGINE"] == "django.db.backends.postgresql"


def test_the_throttle_cache_is_shared_by_the_workers_and_private(tmp_path):
    """A file cache every gunicorn worker of the machine reads; its directory 0700, files 0600."""
    from django.core.cache.backends.filebased import FileBasedCache

    from clinic import settings as clinic_settings

    default = clinic_settings.CACHES["default"]
    assert default["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    location = tmp_path / "var" / "cache"
    cache = FileBasedCache(str(location), default.get("OPTIONS", {}))
    cache.set("counter", 1)
    assert location.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700
    assert {path.stat().st_mode & 0o777 for path in location.iterdir()} == {0o600}
