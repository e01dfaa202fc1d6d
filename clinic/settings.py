"""Settings of the clinic host project, read from the environment.

Every value a deployment changes comes from an environment variable; see README "Configuration".
DEBUG is off unless DEBUG=1 is set (``make run`` sets it), and with DEBUG off the project refuses to
start without a real SECRET_KEY.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from clinic.env import env_bool, env_int, env_list, env_str, is_insecure_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - refused below unless DEBUG
if not DEBUG and is_insecure_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or insecure. With DEBUG off, set SECRET_KEY to a random value of at "
        'least 50 characters, e.g. from: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background work (reminders, notices): the task framework with its database backend.
    "django_tasks",
    "django_tasks_db",
    "triggerfinder",
    # The host's own operations: seed_demo, backup, restore (clinic/ops/). Before dbbackup, so that
    # its `dbbackup` command (always encrypted) replaces dbbackup's.
    "clinic.ops",
    "dbbackup",
]

MIDDLEWARE = [
    # First: a body too large is refused before anything reads it.
    "clinic.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Early: a throttled log-in is answered before the session, the CSRF check (which reads the
    # body) and, above all, before the log-in view hashes a password.
    "clinic.middleware.LoginThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "triggerfinder.security.middleware.SessionTimeoutMiddleware",
    "triggerfinder.security.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "triggerfinder.security.middleware.SecurityEventMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
# WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so that
# two writers queue on the busy timeout instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Request bodies. MAX_REQUEST_BYTES refuses a larger one with 413 before anything reads it
# (clinic.middleware.RequestSizeLimitMiddleware): the largest body the app takes is the admin's
# knowledge import, a file of at most 5 MB (triggerfinder/services/knowledge/document.py). An
# upload below it stays in memory rather than in a temporary file on disk. Django's own limits
# stay for form fields.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", MAX_REQUEST_BYTES)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 10)

# The counters of the log-in throttle and of the finder API's rate limit, shared by every gunicorn
# worker on this machine. FileBasedCache needs no extra service and no table, and keeps those
# writes out of the database, so a flood of log-ins does not queue on SQLite's write lock with the
# clinical writes. Django creates the directory with mode 0700 and each file with 0600; it holds
# counters under hashed keys, never client data. Several servers each count on their own (point
# CACHE_DIR at one shared directory, or configure Redis, to count together).
CACHE_DIR = Path(env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# Passwords: Argon2 first; length over composition rules (OWASP ASVS 2.1).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a user name at one address after 5 failed log-ins there, for 30 minutes: the pair, not the
# name alone, so that a stranger elsewhere cannot lock out `admin` or a therapist again and again,
# and not the address alone, which would lock out a whole practice behind one router (security
# checklist A1). Guessing from many addresses is slowed by the per-address throttle below.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failed log-ins per address, whatever the user name: over this many within the minutes, a log-in
# POST is answered 429 without checking a password, so nobody can keep the cores busy hashing
# (clinic.middleware.LoginThrottleMiddleware). A practice behind one router shares the limit;
# 20 in 5 minutes is far above what its staff mistype.
LOGIN_THROTTLE_FAILURES = env_int("LOGIN_THROTTLE_FAILURES", 20)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 5)
# A throttled answer waits this long (a sleeping thread, no CPU), so that a client posting in a loop
# is slowed down instead of keeping the cores busy with 429s (see benchmarks/bench_login_flood.py).
LOGIN_THROTTLE_DELAY_SECONDS = env_int("LOGIN_THROTTLE_DELAY_SECONDS", 1)
LOGIN_THROTTLE_VIEWS = ["login", "admin:login"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Every account, on the app's pages and in the admin, gives a one-time code from an authenticator
# app or a printed recovery code (security checklist A4). Off only for a trial (``make run``).
TRIGGERFINDER_REQUIRE_SECOND_FACTOR = env_bool("REQUIRE_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = env_str("PRACTICE_NAME", "triggerfinder")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "triggerfinder:home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without a request, and 12 hours after log-in whatever happens
# (triggerfinder.security.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
TRIGGERFINDER_SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 12 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Messages name clients ("Client Erika Mustermann was created."): keep them on the server, in the
# session, not in a cookie that travels with every request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Internationalisation: German first, English second. The language is part of the URL
# (no prefix = German, /en/ = English), so switching needs no cookie.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "clinic" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# Backups (clinic/ops/backup.py, django-dbbackup): a backup holds health data, so it is encrypted
# with GnuPG to BACKUP_GPG_RECIPIENT (a key fingerprint or e-mail in the GnuPG keyring of the user
# who runs the command; GNUPGHOME picks another keyring). Without a recipient, `backup` refuses to
# write a file unless BACKUP_ALLOW_UNENCRYPTED=1. Files are 0600 in BACKUP_DIR (0700).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_ALLOW_UNENCRYPTED = env_bool("BACKUP_ALLOW_UNENCRYPTED", False)
DBBACKUP_GPG_RECIPIENT = env_str("BACKUP_GPG_RECIPIENT") or None
# gpg refuses a recipient key that is not trusted; set this for a key imported without certifying it.
DBBACKUP_GPG_ALWAYS_TRUST = env_bool("BACKUP_GPG_ALWAYS_TRUST", False)
# SQLite: the backup API for the dump and for the restore (dbbackup's own restore writes over the
# file); PostgreSQL: pg_dump/pg_restore with the connection in the environment, not on the command line.
DBBACKUP_CONNECTOR_MAPPING = {
    "django.db.backends.sqlite3": "clinic.ops.backup.SqliteSnapshotConnector",
    "django.db.backends.postgresql": "clinic.ops.backup.PgDumpEnvConnector",
}
DBBACKUP_SEND_EMAIL = False  # a failed backup is an error of the command, not a mail with a traceback

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Where `manage.py dbbackup` writes (our `backup` command writes there too, 0600 itself).
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(BACKUP_DIR),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (password resets, notifications). Console in development, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "triggerfinder@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# A mail server that stops answering must not hold a worker for ever: the send fails and is retried.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Background work: the task framework's database backend, in the same database (no extra server).
# Workers: `manage.py db_worker` (make run starts one; docs/deployment.md for systemd).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ADMINS = [("Admin", addr) for addr in env_list("ADMINS")]

# Security headers. Nothing is ever loaded from another host (health data).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Password of the demo accounts that `seed_demo` creates (check clinic.E001: 12 characters at least).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "triggerfinder-demo")

# triggerfinder's own settings (defaults in triggerfinder/conf.py).
TRIGGERFINDER_PRACTICE_NAME = env_str("PRACTICE_NAME", "Praxis für Triggerpunkttherapie")
TRIGGERFINDER_PRACTICE_ADDRESS = env_str("PRACTICE_ADDRESS", "").replace("\\n", "\n")
TRIGGERFINDER_PRACTICE_PHONE = env_str("PRACTICE_PHONE", "")
# The address clients reach the practice's public pages at, for the links in its messages.
TRIGGERFINDER_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# How long a worker's claim on a message lasts before another worker may take it over.
TRIGGERFINDER_MESSAGE_CLAIM_SECONDS = env_int("MESSAGE_CLAIM_SECONDS", 600)
TRIGGERFINDER_PRACTICE_LOGO = env_str("PRACTICE_LOGO", "")
# Requests per address to the public finder before a 429 (django-ratelimit's form; "" for none).
TRIGGERFINDER_FINDER_RATE_LIMIT = env_str("FINDER_RATE_LIMIT", "60/m")
# Posts per address to the clients' links in e-mails (confirm, cancel, stop messages) before a 429.
TRIGGERFINDER_LINK_RATE_LIMIT = env_str("LINK_RATE_LIMIT", "20/m")
# The therapists' calendar feeds name clients in full (default: their initials only).
TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES = env_bool("CALENDAR_FEED_FULL_NAMES", False)
