"""Writes of the client's screening: findings recorded or resolved at a visit, medical clearances.

The rules (what a clearance may cover, which finding may be resolved) live in ``core.gate``;
these functions load the current decision from the database, ask the rule and write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from triggerfinder.core import gate
from triggerfinder.models import Clearance, Client, Contraindication, Finding, Intake
from triggerfinder.selectors import decisions
from triggerfinder.services.guards import ensure_writable, expect_version
from triggerfinder.types import User


class ClearanceRefusedError(Exception):
    """The clearance names nothing, lies in the future, predates a finding it names or names a
    finding that needs none; ``problems`` are the gate's codes."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


class FindingNotResolvableError(Exception):
    """Red flags are cleared by a doctor, never ticked off; and only a current finding resolves."""


def lock_client(client: Client) -> Client:
    """Hold the client's row so that two decisions about the same client do not interleave."""
    return Client.objects.select_for_update().get(pk=client.pk)


def findings_from_intake(
    *, intake: Intake, contraindications: Iterable[Contraindication], user: User
) -> None:
    for found in contraindications:
        Finding(
            client=intake.client,
            contraindication=found,
            intake=intake,
            recorded_at=intake.recorded_at,
            recorded_by=user,
        ).save()


@transaction.atomic
def finding_record(
    *, client: Client, contraindication: Contraindication, user: User, note: str = ""
) -> Finding:
    """A finding at a visit, without a new intake: it joins the current screening at once."""
    client = lock_client(client)
    ensure_writable(client)
    finding = Finding(client=client, contraindication=contraindication, recorded_by=user, note=note)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_resolve(*, finding: Finding, user: User, note: str, version: int | None = None) -> Finding:
    client = lock_client(finding.client)
    ensure_writable(client)
    finding = Finding.objects.get(pk=finding.pk)
    expect_version(finding, version)
    if finding.resolved_at is not None or not gate.may_resolve(decisions.client_decision(client), finding.pk):
        raise FindingNotResolvableError
    finding.resolved_at = timezone.now()
    finding.resolved_by = user
    finding.resolution_note = note
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def clearance_record(
    *, client: Client, user: User, cleared_on: datetime.date, note: str, findings: Iterable[int]
) -> Clearance:
    """Record a doctor's clearance of the named findings of the current screening."""
    client = lock_client(client)
    ensure_writable(client)
    covers = list(dict.fromkeys(findings))
    problems = gate.clearance_problems(
        decisions.client_decision(client), cleared_on=cleared_on, covers=covers
    )
    if problems:
        raise ClearanceRefusedError(problems)
    clearance = Clearance(client=client, cleared_on=cleared_on, note=note, recorded_by=user)
    clearance.full_clean()
    clearance.save()
    clearance.findings.set(Finding.objects.filter(client=client, pk__in=covers))
    return clearance
