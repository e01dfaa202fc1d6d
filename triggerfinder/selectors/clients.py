"""Reads about clients: the lists a user may see, one client, its intakes and its progress."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from triggerfinder.core import outcomes
from triggerfinder.models import Client, Intake, PlannedSession, TreatmentPlan
from triggerfinder.security.roles import client_visibility
from triggerfinder.types import User

M = TypeVar("M", bound=Model)


class HiddenRecordError(Http404):
    """The record exists, but the user may not see it: a 404 like any other to the user, and a
    security event for the log (the views' decorator and the admin write it; docs/security.md)."""


def visible_or_404(visible: QuerySet[M], pk: Any) -> M:
    """The record from ``visible``; a 404 when it is not there, a ``HiddenRecordError`` (also a
    404) when it exists but lies outside what the user may see."""
    try:
        return visible.get(pk=pk)
    except ObjectDoesNotExist:  # the model's DoesNotExist
        if visible.model._base_manager.filter(pk=pk).exists():
            raise HiddenRecordError(visible.model._meta.verbose_name) from None
        raise Http404(visible.model._meta.verbose_name) from None


def visible_clients(user: User) -> QuerySet[Client]:
    """Every client the user may see, restricted records included (for look-ups by id)."""
    return Client.objects.filter(client_visibility(user))


def client_list(*, user: User, query: str = "") -> QuerySet[Client]:
    # A subquery, not an aggregate over a join: the database walks the name index, stops after
    # one page and looks up the appointment for those clients only; the page count stays a plain
    # COUNT(*). (An aggregate grouped every client with all their dates first.)
    next_appointment = (
        PlannedSession.objects.filter(
            plan__client=OuterRef("pk"),
            plan__status=TreatmentPlan.Status.ACCEPTED,
            status__in=PlannedSession.OPEN,
            date__gte=timezone.localdate(),
        )
        .order_by("date")
        .values("date")[:1]
    )
    clients = (
        Client.objects.filter(client_visibility(user), restricted_at__isnull=True)
        .select_related("therapist")
        .annotate(next_appointment=Subquery(next_appointment))
        .order_by("last_name", "first_name", "pk")
    )
    for term in query.split()[:5]:
        clients = clients.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
        )
    return clients


def recent_clients(*, user: User, limit: int = 8) -> QuerySet[Client]:
    """The clients of ``client_list`` changed most recently, newest first."""
    return client_list(user=user).order_by("-updated_at")[:limit]


def client_get(*, user: User, pk: int) -> Client:
    """The client, or 404 when it does not exist or the user may not see it (never 403: no leak)."""
    return visible_or_404(visible_clients(user), pk)


def clients_by_id(*, user: User, pks: Iterable[int]) -> QuerySet[Client]:
    """The clients among ``pks`` the user may see, restricted ones included, by last name."""
    return visible_clients(user).filter(pk__in=list(pks)).order_by("last_name", "pk")


def clients_exist(pks: Iterable[int]) -> bool:
    """Whether any of ``pks`` is a client at all, whoever may see it (to tell a probe from a typo)."""
    return Client._base_manager.filter(pk__in=list(pks)).exists()


def clients_with_sessions_on(*, user: User, day: datetime.date) -> QuerySet[Client]:
    return (
        Client.objects.filter(client_visibility(user), restricted_at__isnull=True)
        .filter(
            plans__status=TreatmentPlan.Status.ACCEPTED,
            plans__sessions__date=day,
            plans__sessions__status__in=PlannedSession.OPEN,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def intake_regions(intake: Intake) -> dict[str, int]:
    return dict(intake.regions.values_list("region__slug", "intensity"))


def client_intakes(client: Client) -> QuerySet[Intake]:
    return client.intakes.prefetch_related("regions__region")


def first_intake(client: Client) -> Intake | None:
    """The client's earliest intake: no session can be dated before it."""
    return client.intakes.order_by("recorded_at").first()


def client_progress(client: Client, *, today: datetime.date) -> dict[str, Any]:
    """Pain over the recorded sessions against the latest intake, as plain data for the page.

    Progress compares the pain reported at the start of each session (how the days since the last
    visit were) with the intake; the pain right after a session is only its immediate effect."""
    intake = client.intakes.order_by("-recorded_at", "-pk").first()
    sessions = list(
        client.sessions.order_by("held_at", "pk")
        .select_related("planned_session", "plan")
        .prefetch_related("muscles__muscle", "regions__region")
    )
    baseline = intake.overall_pain if intake else None
    since = [s for s in sessions if intake is None or s.held_at >= intake.recorded_at]
    change = (
        outcomes.change_from_baseline(baseline, since[-1].pain_before)
        if since and baseline is not None
        else None
    )
    review = bool(
        since
        and baseline is not None
        and outcomes.needs_review(
            baseline=baseline,
            first_day=timezone.localtime(since[0].held_at).date(),
            sessions=[(timezone.localtime(s.held_at).date(), s.pain_before) for s in since],
            today=today,
        )
    )
    latest_regions = {r.region.slug: r.intensity for r in since[-1].regions.all()} if since else {}
    return {
        "intake": intake,
        "baseline": baseline,
        "sessions": sessions,
        "since_intake": since,
        "change": change,
        "needs_review": review,
        "intake_regions": intake_regions(intake) if intake else {},
        "latest_regions": latest_regions,
        "latest": since[-1] if since else None,
    }
