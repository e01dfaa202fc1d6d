"""Reads about sessions: recorded treatment sessions and the planned sessions still open."""

from __future__ import annotations

from triggerfinder.models import Client, PlannedSession, TreatmentPlan, TreatmentSession
from triggerfinder.selectors.clients import visible_clients, visible_or_404
from triggerfinder.types import User


def session_get(*, user: User, pk: int) -> TreatmentSession:
    sessions = TreatmentSession.objects.filter(client__in=visible_clients(user))
    return visible_or_404(sessions.select_related("client", "therapist"), pk)


def planned_session_get(*, user: User, pk: int) -> PlannedSession:
    """A planned session of a client the user may see, with its plan; 404 otherwise."""
    planned = PlannedSession.objects.filter(plan__client__in=visible_clients(user))
    return visible_or_404(planned.select_related("plan"), pk)


def open_planned_sessions(client: Client) -> list[PlannedSession]:
    return list(
        PlannedSession.objects.filter(
            plan__client=client,
            plan__status__in=[TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.ACCEPTED],
            status__in=PlannedSession.OPEN,
            treatment__isnull=True,
        )
        .select_related("plan")
        .order_by("date", "pk")
    )
