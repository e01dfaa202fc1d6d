"""Reads: what a user may see, as querysets or plain data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from triggerfinder.models import Client
from triggerfinder.roles import client_visibility


def client_list(*, user: Any, query: str = "") -> QuerySet[Client]:
    clients = Client.objects.filter(client_visibility(user)).select_related("therapist")
    for term in query.split()[:5]:
        clients = clients.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
        )
    return clients


def client_get(*, user: Any, pk: int) -> Client:
    """The client, or 404 when it does not exist or the user may not see it (never 403: no leak)."""
    return get_object_or_404(Client.objects.filter(client_visibility(user)), pk=pk)
