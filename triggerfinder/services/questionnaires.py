"""Writes of the questionnaire before the first visit (issue 18): send it, take the client's
answers once, and link it to the intake that confirmed it.

The token is ``secrets.token_urlsafe(32)``; only its SHA-256 is stored (``core.calendar.token_digest``),
and ``questionnaire_create`` returns it once, for the page that shows the link. A new questionnaire
voids the client's older unanswered ones, so only the latest link works. ``questionnaire_submit``
stores the answers with one conditional update (still open, not answered), so of two submits at
the same moment exactly one is stored and the other is told the link was used.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from triggerfinder.conf import conf
from triggerfinder.core.calendar import token_digest
from triggerfinder.models import Client, Intake, Questionnaire
from triggerfinder.selectors.questionnaires import (
    QuestionnaireError,
    QuestionnaireExpired,
    QuestionnaireInvalid,
    QuestionnaireUsed,
    questionnaire_for_token,
)
from triggerfinder.services.guards import ensure_writable
from triggerfinder.types import User

__all__ = [
    "QuestionnaireError",
    "QuestionnaireExpired",
    "QuestionnaireInvalid",
    "QuestionnaireUsed",
    "questionnaire_confirm",
    "questionnaire_create",
    "questionnaire_reissue",
    "questionnaire_submit",
    "questionnaire_url",
]


def questionnaire_url(token: str, language: str | None = None) -> str:
    """The questionnaire's path (the caller makes it absolute for an e-mail), in ``language``'s
    URLs where the host prefixes them (the client's preferred language; the page speaks it anyway)."""
    if language is None:
        return reverse("triggerfinder:questionnaire", args=[token])
    with translation.override(language):
        return reverse("triggerfinder:questionnaire", args=[token])


@transaction.atomic
def questionnaire_create(
    *, client: Client, by: User, now: datetime | None = None
) -> tuple[Questionnaire, str]:
    """A new questionnaire for the client, valid ``TRIGGERFINDER_QUESTIONNAIRE_DAYS`` days; the
    client's older unanswered ones stop working. Returns it and its token, which is not stored."""
    ensure_writable(client)
    now = now or timezone.now()
    Questionnaire.objects.filter(client=client, submitted_at__isnull=True, voided_at__isnull=True).update(
        voided_at=now
    )
    token = secrets.token_urlsafe(32)
    questionnaire = Questionnaire.objects.create(
        client=client,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=conf.QUESTIONNAIRE_DAYS),
        token_hash=token_digest(token),
    )
    return questionnaire, token


@transaction.atomic
def questionnaire_submit(
    *, token: str, answers: dict[str, Any], now: datetime | None = None
) -> Questionnaire:
    """Store the client's answers, once. Raises QuestionnaireInvalid, -Expired or -Used (nothing
    stored). The answers are a draft; nothing of the client's record changes."""
    now = now or timezone.now()
    found = questionnaire_for_token(token, now=now)
    # The check above and this write are one condition in the database: of two submits at the same
    # time, the second updates no row.
    stored = Questionnaire.objects.filter(
        pk=found.pk, submitted_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
    ).update(submitted_at=now, answers=answers)
    if not stored:
        raise QuestionnaireUsed(found.pk)
    found.refresh_from_db()
    # The conditional update bypasses save(); the change history gets its row here.
    found.save(update_fields=["submitted_at", "answers"])
    return found


def questionnaire_confirm(
    *, questionnaire: Questionnaire, intake: Intake, now: datetime | None = None
) -> bool:
    """The therapist went through the answers and saved ``intake``: that intake is the record, and
    the questionnaire is reviewed (called inside the intake's transaction). False when another
    intake confirmed it first (this one is still saved; only the link goes to the first)."""
    if questionnaire.client_id != intake.client_id:
        raise ValueError("the questionnaire belongs to another client")
    now = now or timezone.now()
    linked = Questionnaire.objects.filter(
        pk=questionnaire.pk, submitted_at__isnull=False, reviewed_at__isnull=True
    ).update(reviewed_at=now, intake=intake)
    if linked:
        questionnaire.refresh_from_db()
        questionnaire.save(update_fields=["reviewed_at", "intake"])  # the change history's row
    return bool(linked)


@transaction.atomic
def questionnaire_reissue(questionnaire: Questionnaire, *, now: datetime | None = None) -> str | None:
    """A new token for a questionnaire that still takes answers (its e-mail is being sent: the link
    is made then, so no usable link is ever stored); the earlier one stops working. None when the
    questionnaire was answered, replaced or has expired."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    updated = Questionnaire.objects.filter(
        pk=questionnaire.pk, submitted_at__isnull=True, voided_at__isnull=True, expires_at__gt=now
    ).update(token_hash=token_digest(token))
    return token if updated else None
