"""Writing the audit trail: access to client records, and security events.

Log lines and rows carry ids, user names and paths without query strings; never a client's name
or health data (security checklist E3, E4).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from triggerfinder.models import AccessLogEntry, Client, SecurityEvent
from triggerfinder.security.session_age import stamp_login

logger = logging.getLogger("triggerfinder.security")


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record_access(request: HttpRequest, client: Client, action: str) -> None:
    """Only pages behind ``login_required`` open a client's record, so the user is logged in."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionError("an anonymous request cannot open a client's record")
    AccessLogEntry.objects.create(user=user, client=client, action=action)


def record_accesses(request: HttpRequest, clients: Iterable[Client], action: str) -> None:
    """One entry per client shown on a page that lists several (a week of appointments)."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionError("an anonymous request cannot open a client's record")
    _log_each(user, clients, action)


def record_feed_access(therapist: Any, clients: Iterable[Client]) -> None:
    """The therapist's calendar feed was fetched: one entry per client it listed, in the name of the
    therapist whose secret URL it was (the feed has no log-in; the URL is the credential)."""
    _log_each(therapist, clients, AccessLogEntry.Action.CALENDAR_FEED)


def _log_each(user: Any, clients: Iterable[Client], action: str) -> None:
    """One entry per distinct client, written by a single INSERT … SELECT: ``bulk_create`` would
    split a long page into batches of 249 rows on SQLite (999 parameters), so the page's query
    count would grow with the number of clients shown."""
    pks = sorted({client.pk for client in clients})
    if not pks:
        return
    log = AccessLogEntry._meta
    connection = connections[router.db_for_write(AccessLogEntry)]
    at = log.get_field("at").get_db_prep_value(timezone.now(), connection)
    chosen, params = (
        Client.objects.filter(pk__in=pks)
        .order_by()
        .values("pk")
        .query.get_compiler(connection.alias)
        .as_sql()
    )
    quote = connection.ops.quote_name
    column = {field.name: field.column for field in log.concrete_fields}
    columns = ", ".join(quote(column[name]) for name in ("at", "user", "client", "action"))
    # Table and column names come from the models and the ids are parameters: nothing typed.
    insert = f"INSERT INTO {quote(log.db_table)} ({columns}) SELECT %s, %s, chosen.{quote('pk')}, %s FROM"
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} ({chosen}) chosen", (at, user.pk, action, *params))


def record_event(
    kind: str, *, request: HttpRequest | None = None, user: Any = None, username: str = ""
) -> None:
    path = request.path[:200] if request is not None else ""
    SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", "") or "")[:150],
        ip_address=client_ip(request),
        path=path,
    )
    logger.info("security event %s user=%s path=%s", kind, username or getattr(user, "pk", "-"), path)


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_login(request.session)
    record_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(SecurityEvent.Kind.LOGOUT, request=request, user=user)


def _login_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # The credentials dict holds the password (Django masks it); only the user name is kept.
    record_event(
        SecurityEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))
    )


def _locked_out(sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any) -> None:
    record_event(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")


def connect_signals() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="tf-audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="tf-audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="tf-audit-login-failed")
    from django.apps import apps

    if not apps.is_installed("axes"):  # django-axes is the host project's choice
        return
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="tf-audit-locked-out")
