"""Removing a client once the retention period of a restricted record has passed: the record,
every row ``records`` finds for them, every history row that holds their data, and the admin's
log entries about them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import retention
from triggerfinder.models import Client
from triggerfinder.services.privacy.records import chunks, client_records


def retention_until(client: Client) -> date:
    """The day the retention period of the client's records ends (the rule: ``core.retention``)."""
    last_session = client.sessions.order_by("-held_at").values_list("held_at", flat=True).first()
    last_intake = client.intakes.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    moments = [client.created_at, client.restricted_at, last_session, last_intake]
    days = [timezone.localtime(moment).date() if moment is not None else None for moment in moments]
    return retention.retention_until(days, years=conf.RETENTION_YEARS)


def purge_candidates(*, today: date) -> list[Client]:
    restricted = Client.objects.filter(restricted_at__isnull=False).order_by("pk")
    return [client for client in restricted if retention.expired(retention_until(client), today=today)]


def _delete(model: type[Model], field: str, values: Iterable[Any]) -> int:
    return sum(model._base_manager.filter(**{f"{field}__in": chunk}).delete()[0] for chunk in chunks(values))


@transaction.atomic
def client_purge(*, client: Client) -> dict[str, int]:
    """Remove a client, every record about them and every history row that holds their data.

    Returns the number of rows removed per model label (records, their history models and
    ``admin.LogEntry``)."""
    found = client_records(client)
    removed: dict[str, int] = {}
    for model in found.models:  # children before parents, so that no PROTECT stops the purge
        if found.live[model]:
            removed[model._meta.label] = _delete(model, "pk", found.live[model])
    # Last, because deleting a record itself writes a history row. A row deleted earlier whose
    # history once pointed at the client goes too; a row that exists and belongs to someone else
    # now keeps its history.
    for model, history, ids in found.history():
        others = {
            pk
            for chunk in chunks(ids - found.live[model])
            for pk in model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
        }
        count = _delete(history, model._meta.pk.name, ids - others)
        if count or found.live[model]:
            removed[history._meta.label] = count
    return removed
