"""Writes: every change to the app's records goes through these functions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from triggerfinder.models import Client

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "preferred_language",
    "therapist",
)


@transaction.atomic
def client_create(*, therapist: Any, **fields: Any) -> Client:
    client = Client(therapist=therapist, **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, **fields: Any) -> Client:
    for name, value in fields.items():
        if name not in CLIENT_FIELDS:
            raise ValueError(f"Client has no editable field {name!r}.")
        setattr(client, name, value)
    client.full_clean()
    client.save()
    return client
