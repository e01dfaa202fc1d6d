"""Signed links for clients, sent in e-mails between visits (issue 18): confirm or cancel one
appointment, and stop e-mail messages.

The link is the credential, as no client logs in: a value signed with the project's SECRET_KEY
(``django.core.signing``, HMAC; key rotation through SECRET_KEY_FALLBACKS), with its own salt per
purpose so that one kind of link never opens another kind of page. Nothing is stored per link. It
names only a primary key (signed, not encrypted: nothing else is in it, certainly nothing about
health).

An appointment's link is also bound to the appointment's start: once the appointment is moved the
old link is dead (the client gets a new one with the new time), and it ends when the appointment
begins. A link to stop messages lives long, since an old e-mail's link must keep working.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from triggerfinder.core import bounds
from triggerfinder.models import Appointment, Client

APPOINTMENT_SALT = "triggerfinder.links.appointment"
WITHDRAW_SALT = "triggerfinder.links.messages-withdraw"
APPOINTMENT_MAX_AGE = timedelta(days=bounds.APPOINTMENT_LINK_DAYS)
WITHDRAW_MAX_AGE = timedelta(days=bounds.MESSAGES_WITHDRAW_LINK_DAYS)


class LinkInvalid(Exception):
    """The link was not made by this practice: forged, garbled, cut short, or of another kind, or
    what it names no longer exists."""


class LinkExpired(Exception):
    """The link was genuine but is over: older than its longest life, for a time the appointment
    was moved from, or the appointment has begun.

    ``appointment_pk`` is set in the last case only (the link still names the appointment as it
    is, so the page may say that it has passed); None otherwise."""

    def __init__(self, message: str, *, appointment_pk: int | None = None) -> None:
        super().__init__(message)
        self.appointment_pk = appointment_pk


def _start_stamp(start: datetime) -> int:
    return int(start.timestamp())


def appointment_token(appointment: Appointment) -> str:
    """The appointment's link token, for its current start."""
    payload = {"a": appointment.pk, "s": _start_stamp(appointment.start)}
    return signing.dumps(payload, salt=APPOINTMENT_SALT)


def _loads(token: str, *, salt: str, max_age: timedelta) -> Any:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as expired:  # a subclass of BadSignature: first
        raise LinkExpired("the link is older than its longest life") from expired
    except (signing.BadSignature, ValueError) as bad:  # ValueError: a token that is not base64/JSON
        raise LinkInvalid("the link's signature does not hold") from bad


def _key(payload: Any, name: str) -> int:
    value = payload.get(name) if isinstance(payload, dict) else None
    if type(value) is not int:
        raise LinkInvalid(f"the link names no {name!r}")
    return value


def read_appointment_token(token: str, *, now: datetime | None = None) -> int:
    """The pk of the appointment the token names, if the token is genuine, not too old, the
    appointment still starts when the token says and has not begun."""
    payload = _loads(token, salt=APPOINTMENT_SALT, max_age=APPOINTMENT_MAX_AGE)
    pk, stamp = _key(payload, "a"), _key(payload, "s")
    # A restricted record is hidden from every list; its links end with it.
    start = (
        Appointment.objects.filter(pk=pk, client__restricted_at__isnull=True)
        .values_list("start", flat=True)
        .first()
    )
    if start is None:
        raise LinkInvalid("the appointment does not exist (any more)")
    if _start_stamp(start) != stamp:
        raise LinkExpired("the appointment was moved since the link was made")
    if start <= (now or timezone.now()):
        raise LinkExpired("the appointment has begun", appointment_pk=pk)
    return pk


def withdraw_token(client: Client) -> str:
    """The token of the client's link that stops e-mail messages."""
    return signing.dumps({"c": client.pk}, salt=WITHDRAW_SALT)


def read_withdraw_token(token: str) -> int:
    """The pk of the client the token names, if it is genuine and not too old (whether the client
    still exists is the page's to find out)."""
    return _key(_loads(token, salt=WITHDRAW_SALT, max_age=WITHDRAW_MAX_AGE), "c")


def _path(name: str, token: str, client: Client) -> str:
    # In the client's language: where the host prefixes paths with it (i18n_patterns), the path
    # is the same whichever language the sender runs in. The page speaks it in any case.
    with translation.override(client.preferred_language or None):
        return reverse(name, kwargs={"token": token})


def appointment_link_url(appointment: Appointment) -> str:
    """The path of the appointment's page for the client (the caller makes it absolute)."""
    return _path("triggerfinder:appointment-link", appointment_token(appointment), appointment.client)


def withdraw_link_url(client: Client) -> str:
    """The path of the page that stops the client's e-mail messages (also the address for the
    List-Unsubscribe header, RFC 8058)."""
    return _path("triggerfinder:messages-withdraw", withdraw_token(client), client)
