"""The safety gate's inputs, read from the database at the moment of the decision.

Accepting a plan, printing a handout, exporting a calendar and recording a session each call
``client_decision`` here: it loads the client's current findings, clearances, escalation rules and
warning signs from the rows as they are now (never from the cached knowledge snapshot) and asks
``core.gate.decide``. Nothing else decides what an output may say (docs/safety.md).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from triggerfinder.core import gate, screening
from triggerfinder.models import BodyRegion, Clearance, Client, Contraindication, Finding, Intake
from triggerfinder.selectors.knowledge import (
    contraindication_data,
    contraindication_level,
    escalation_rules,
    warning_data,
)

FINDING_PREFETCH = (
    "contraindication__excluded_muscles",
    "contraindication__excluded_stretches",
    "contraindication__warning_regions",
)


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def latest_intake(client: Client) -> Intake | None:
    return client.intakes.order_by("-recorded_at", "-pk").first()


def _in_scope(intake: Intake | None) -> Q:
    """The current screening: the latest intake's findings and every finding recorded since it."""
    if intake is None:
        return Q(intake__isnull=True)
    return Q(intake=intake) | Q(intake__isnull=True, recorded_at__gte=intake.recorded_at)


def screening_findings(client: Client, intake: Intake | None = None) -> QuerySet[Finding]:
    """The findings of the current screening, resolved ones included (most recent first)."""
    intake = intake if intake is not None else latest_intake(client)
    return (
        client.findings.filter(_in_scope(intake))
        .select_related("contraindication", "recorded_by", "resolved_by")
        .prefetch_related(*FINDING_PREFETCH)
        .order_by("-recorded_at", "-pk")
    )


def finding_data(row: Finding) -> gate.Finding:
    return gate.Finding(
        key=row.pk,
        contraindication=contraindication_data(row.contraindication),
        recorded_on=_day(row.recorded_at),
        resolved_on=_day(row.resolved_at) if row.resolved_at else None,
    )


def clearance_data(row: Clearance) -> gate.Clearance:
    who = row.recorded_by
    return gate.Clearance(
        key=row.pk,
        cleared_on=row.cleared_on,
        covers=frozenset(f.pk for f in row.findings.all()),
        recorded_by=(who.get_full_name() or who.get_username()) if who else "",
        note=row.note,
    )


def client_clearances(client: Client) -> QuerySet[Clearance]:
    return client.clearances.select_related("recorded_by").prefetch_related("findings")


def areas(intake: Intake | None) -> frozenset[str]:
    """The top-level regions the latest intake's painful regions belong to."""
    if intake is None:
        return frozenset()
    painful = intake.regions.filter(intensity__gt=0).values("region")
    found = set()
    for region in BodyRegion.objects.filter(pk__in=painful).select_related("parent__parent"):
        while region.parent is not None:
            region = region.parent
        found.add(region.slug)
    return frozenset(found)


def warning_catalogue() -> list[Any]:
    """The knowledge base's warning signs, with the body areas each belongs to."""
    rows = Contraindication.objects.filter(client_warning=True).prefetch_related("warning_regions")
    return [warning_data(c) for c in rows.order_by("order", "slug")]


def unanswered_questions(intake: Intake | None) -> tuple[str, ...]:
    """The intake's screening questions without an answer. An intake answered question by question
    has none (the intake refuses to save otherwise); one recorded before (ticked boxes only) leaves
    every question its regions show open that was not ticked, since "not ticked" was not "no"."""
    if intake is None or intake.screening_answers.exists():
        return ()
    rows = Contraindication.objects.prefetch_related("warning_regions").order_by("order", "slug")
    catalogue = [warning_data(c) for c in rows]
    top = BodyRegion.objects.filter(parent=None).order_by("order", "slug").values_list("slug", flat=True)
    groups = screening.screening_questions(catalogue, areas(intake), list(top))
    ticked = dict.fromkeys(intake.contraindications.values_list("slug", flat=True), True)
    return screening.unanswered(groups, ticked)


def client_screening(
    client: Client, *, today: datetime.date | None = None
) -> tuple[gate.Decision, list[Finding]]:
    """The gate's decision for ``client`` now, from the database as it is at this moment, and the
    finding rows it was made from (most recent first)."""
    today = today or timezone.localdate()
    intake = latest_intake(client)
    rows = list(screening_findings(client, intake))
    decision = gate.decide(
        [finding_data(row) for row in rows],
        [clearance_data(row) for row in client_clearances(client)],
        today=today,
        rules=escalation_rules(),
        areas=areas(intake),
        warning_catalogue=warning_catalogue(),
        unanswered=unanswered_questions(intake),
    )
    return decision, rows


def client_decision(client: Client, *, today: datetime.date | None = None) -> gate.Decision:
    """The gate's decision for ``client`` now (see ``client_screening``)."""
    return client_screening(client, today=today)[0]


def client_decisions(
    clients: Iterable[Client], *, today: datetime.date | None = None
) -> dict[int, gate.Decision]:
    """The decision for each client of a list page, in five queries whatever the page size.

    For the level badge only (level, blocked, cleared, postponed): the findings are loaded without
    the muscles and stretches a caution excludes, so nothing that prints or schedules may use
    these; such outputs call ``client_decision``.
    """
    today = today or timezone.localdate()
    pks = [client.pk for client in clients]
    if not pks:
        return {}
    latest = dict(
        Intake.objects.filter(client__in=pks)
        .values("client")
        .annotate(at=Max("recorded_at"))
        .values_list("client", "at")
    )
    # The current findings: those of the latest intake and those recorded on their own since
    # (all of them for a client without an intake). Filtered here rather than by one OR per
    # client, whose SQL grows with the page and costs more to build than to run.
    findings: dict[int, list[gate.Finding]] = defaultdict(list)
    rows = (
        Finding.objects.filter(client__in=pks)
        .select_related("contraindication")
        .annotate(intake_at=F("intake__recorded_at"), intake_client=F("intake__client"))
    )
    for row in rows:
        at = latest.get(row.client_id)
        if row.intake_id is None:
            current = at is None or row.recorded_at >= at
        else:
            current = row.intake_client == row.client_id and row.intake_at == at
        if not current:
            continue
        findings[row.client_id].append(
            gate.Finding(
                key=row.pk,
                contraindication=contraindication_level(row.contraindication),
                recorded_on=_day(row.recorded_at),
                resolved_on=_day(row.resolved_at) if row.resolved_at else None,
            )
        )
    covers: dict[int, set[int]] = defaultdict(set)
    for clearance_id, finding_id in Clearance.findings.through.objects.filter(
        clearance__client__in=pks
    ).values_list("clearance_id", "finding_id"):
        covers[clearance_id].add(finding_id)
    clearances: dict[int, list[gate.Clearance]] = defaultdict(list)
    for pk, client_id, cleared_on in Clearance.objects.filter(client__in=pks).values_list(
        "pk", "client_id", "cleared_on"
    ):
        clearances[client_id].append(
            gate.Clearance(key=pk, cleared_on=cleared_on, covers=frozenset(covers[pk]))
        )
    rules = escalation_rules()
    return {pk: gate.decide(findings[pk], clearances[pk], today=today, rules=rules) for pk in pks}


def annotate_decisions(clients: Iterable[Any], *, today: datetime.date | None = None) -> list[Any]:
    """The clients, each with its ``decision`` attribute set (for list templates)."""
    clients = list(clients)
    decisions = client_decisions(clients, today=today)
    for client in clients:
        client.decision = decisions[client.pk]
    return clients
