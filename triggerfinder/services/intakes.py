"""Writes of an intake: the client (when new), the intake with its answers, findings and plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import planning, screening
from triggerfinder.models import (
    BodyRegion,
    Client,
    Contraindication,
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    PerpetuatingFactor,
    Questionnaire,
    ScreeningAnswer,
)
from triggerfinder.models.intake import format_weekdays
from triggerfinder.selectors.calendar import practice_calendar
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services.clients import client_create, client_update
from triggerfinder.services.findings import findings_from_intake
from triggerfinder.services.guards import ensure_writable
from triggerfinder.services.plans import plan_create
from triggerfinder.services.questionnaires import questionnaire_confirm
from triggerfinder.types import User


@dataclass(frozen=True)
class IntakeInput:
    regions: dict[str, int]  # region slug -> intensity 0–10
    overall_pain: int
    duration_months: int
    factors: list[str]
    # Every screening question shown, answered: True (the finding is present) or False.
    answers: dict[str, bool]
    notes: str
    start: date | None
    submission_key: uuid.UUID
    # The client's appointment wishes: weekdays 0 (Monday) … 5, the earliest start, the latest end.
    wish_weekdays: frozenset[int] = frozenset()
    wish_after: time | None = None
    wish_before: time | None = None

    @property
    def contraindications(self) -> list[str]:
        return [slug for slug, present in self.answers.items() if present]


class ScreeningIncompleteError(ValueError):
    """Screening questions shown for the intake's regions were not answered."""

    def __init__(self, unanswered: Iterable[str]) -> None:
        self.unanswered = tuple(unanswered)
        super().__init__(f"unanswered screening questions: {', '.join(self.unanswered)}")


def intake_create(
    *,
    user: User,
    data: IntakeInput,
    today: date,
    client: Client | None = None,
    client_fields: dict[str, Any] | None = None,
    now: time | None = None,
    questionnaire: Questionnaire | None = None,
    contact: dict[str, Any] | None = None,
) -> tuple[Intake, bool]:
    """Save client (when new), intake, its regions and links, and the proposed plan, all at once.

    Returns (intake, created). The same submission key twice (a double submit) returns the first
    intake and creates nothing. With ``questionnaire`` (the client's answers the therapist went
    through), the intake confirms it, and ``contact`` (the contact details the therapist took over
    from it) changes the client's record in the same transaction.
    """
    existing = Intake.objects.filter(submission_key=data.submission_key).first()
    if existing is not None:
        return existing, False
    if client is not None:
        ensure_writable(client)
    snapshot = knowledge_snapshot()
    snapshot.require("contraindications", data.answers)
    missing = screening.unanswered(screening.questions_for(snapshot, data.regions), data.answers)
    if missing:
        raise ScreeningIncompleteError(missing)
    proposal = planning.propose(
        snapshot,
        regions=data.regions,
        duration_months=data.duration_months,
        factors=data.factors,
        contraindications=data.contraindications,
        today=today,
        start=data.start,
        calendar=practice_calendar(),
        now=now,
    )
    try:
        with transaction.atomic():
            if client is None:
                client = client_create(therapist=user, **(client_fields or {}))
            intake = Intake(
                client=client,
                recorded_by=user,
                overall_pain=data.overall_pain,
                duration_months=data.duration_months,
                notes=data.notes,
                consent_at=timezone.now(),
                consent_version=conf.CONSENT_VERSION,
                consent_recorded_by=user,
                submission_key=data.submission_key,
                wish_weekdays=format_weekdays(data.wish_weekdays),
                wish_after=data.wish_after,
                wish_before=data.wish_before,
            )
            intake.full_clean()
            intake.save()
            regions = BodyRegion.objects.in_bulk(list(data.regions), field_name="slug")
            for slug, intensity in data.regions.items():
                IntakeRegion(intake=intake, region=regions[slug], intensity=intensity).save()
            for factor in PerpetuatingFactor.objects.filter(slug__in=data.factors):
                IntakeFactor(intake=intake, factor=factor).save()
            asked = Contraindication.objects.in_bulk(list(data.answers), field_name="slug")
            ScreeningAnswer.objects.bulk_create(
                ScreeningAnswer(intake=intake, contraindication=asked[slug], answer=present)
                for slug, present in data.answers.items()
            )
            found = [asked[slug] for slug in data.contraindications]
            for contraindication in found:
                IntakeContraindication(intake=intake, contraindication=contraindication).save()
            findings_from_intake(intake=intake, contraindications=found, user=user)
            plan_create(intake=intake, proposal=proposal)
            if questionnaire is not None:
                if contact:
                    client_update(client=client, **contact)
                questionnaire_confirm(questionnaire=questionnaire, intake=intake)
    except IntegrityError:
        # A second submit raced the first past the check above; the first one won.
        existing = Intake.objects.filter(submission_key=data.submission_key).first()
        if existing is None:
            raise
        return existing, False
    return intake, True
