"""Checks every write makes first: the record may still change, and it is the version the user saw."""

from __future__ import annotations

from triggerfinder.models import Client, EditConflict, Versioned


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
