"""Writes of the client's record: created, changed, consent withdrawn, restricted ("deleted")."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from triggerfinder.models import Client
from triggerfinder.services.findings import lock_client
from triggerfinder.services.guards import assign, ensure_writable, expect_version
from triggerfinder.services.plans import CANCELLABLE, cancel_unchecked
from triggerfinder.types import User

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
def client_create(*, therapist: User, **fields: Any) -> Client:
    client = Client(therapist=therapist, **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, version: int | None = None, **fields: Any) -> Client:
    ensure_writable(client)
    expect_version(client, version)
    assign(client, fields, allowed=CLIENT_FIELDS)
    client.save()
    return client


@transaction.atomic
def client_restrict(*, client: Client, user: User) -> Client:
    """ "Delete" as the law allows: the record becomes read-only and leaves every list; it is
    removed by purge_expired once the retention period has passed."""
    client = lock_client(client)
    if client.restricted_at is not None:
        return client  # restricted once: the first moment starts the retention period, for good
    for plan in client.plans.filter(status__in=CANCELLABLE):
        cancel_unchecked(plan)  # also when consent was withdrawn before: the open dates end here
    client.restricted_at = timezone.now()
    client.restricted_by = user
    client.save()
    return client


@transaction.atomic
def consent_withdraw(*, client: Client, user: User) -> Client:
    """Record the withdrawal of consent: no new health data from now on; what exists is kept as
    long as the law requires (and can be restricted)."""
    client = lock_client(client)
    if client.consent_withdrawn_at is not None:
        return client  # withdrawn once: the first record stays
    client.consent_withdrawn_at = timezone.now()
    client.consent_withdrawn_recorded_by = user
    client.save()
    return client
