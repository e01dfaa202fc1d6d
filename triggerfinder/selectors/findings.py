"""Reads about the screening between intakes: one finding, one contraindication by slug."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from triggerfinder.models import Contraindication, Finding
from triggerfinder.selectors.clients import visible_clients, visible_or_404
from triggerfinder.types import User


def finding_get(*, user: User, pk: int) -> Finding:
    """A finding of a client the user may see, with its client; 404 otherwise."""
    visible = Finding.objects.filter(client__in=visible_clients(user))
    return visible_or_404(visible.select_related("client"), pk)


def contraindication_get(slug: str) -> Contraindication:
    """The contraindication as stored now (decisions read the database, not the snapshot); 404."""
    return get_object_or_404(Contraindication, slug=slug)
