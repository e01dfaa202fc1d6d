"""The clinic project's settings as the test suite runs them: production defaults (DEBUG off),
a throw-away key, and only what must differ for a test client on plain HTTP."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-with-enough-entropy-for-the-check-" * 2)
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from clinic.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashing cost is not what the tests are about; Argon2 stays first in production (see test_settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files straight from the apps (no collectstatic in tests), as in development.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="triggerfinder-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The file cache of the throttle counters in a directory of this run; tests/conftest.py empties it
# around each test so that no counter leaks from one test into the next.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="triggerfinder-cache-"))
CACHES = {"default": {**CACHES["default"], "LOCATION": str(CACHE_DIR)}}  # noqa: F405

# Backups of the test run go to a directory of its own (tests/test_backup.py sets the GPG key).
BACKUP_DIR = Path(tempfile.mkdtemp(prefix="triggerfinder-backups-"))
STORAGES["dbbackup"] = {
    **STORAGES["dbbackup"],
    "OPTIONS": {**STORAGES["dbbackup"]["OPTIONS"], "location": str(BACKUP_DIR)},
}
