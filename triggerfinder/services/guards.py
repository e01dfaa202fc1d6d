"""Checks every write makes first: the record may still change, it is the version the user saw,
only the fields a page may change are set, and no date lies before a postponement ends."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Model

from triggerfinder.models import Client, EditConflict, Versioned
from triggerfinder.selectors import decisions


class ClientLockedError(Exception):
    """The client's record is restricted or consent was withdrawn: nothing new may be recorded."""

    def __init__(self, client: Client) -> None:
        super().__init__(f"client {client.pk} is locked")
        self.client = client


def ensure_writable(client: Client) -> None:
    if client.is_locked:
        raise ClientLockedError(client)


def expect_version(obj: Versioned, version: int | None) -> None:
    """Act only on the version the user saw (None: the one just loaded). The save itself checks
    again, for someone saving between this load and that save."""
    if version is not None and version != obj.version:
        raise EditConflict(obj)


def assign(obj: Model, fields: dict[str, Any], *, allowed: Iterable[str]) -> None:
    """Set the given fields (only those a page may change) and validate the whole row."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{type(obj).__name__} has no field {name!r} to change here.")
        setattr(obj, name, value)
    obj.full_clean()


class TooEarlyError(Exception):
    """A postpone finding allows no treatment before ``not_before``."""

    def __init__(self, not_before: date) -> None:
        super().__init__(f"not before {not_before.isoformat()}")
        self.not_before = not_before


def ensure_not_too_early(client: Client, days: Iterable[date]) -> None:
    """Refuse any of ``days`` before the client's postponement ends."""
    decision = decisions.client_decision(client)
    early = [day for day in days if not decision.start_allowed(day)]
    if early and decision.not_before is not None:
        raise TooEarlyError(decision.not_before)
