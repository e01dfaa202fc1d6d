"""Reads of the questionnaire before the first visit (issue 18): the open one a link names, the
latest ones of a client for the client's page, and the answers waiting for the therapist."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from triggerfinder.core.calendar import token_digest
from triggerfinder.models import Client, Questionnaire
from triggerfinder.selectors.clients import visible_clients
from triggerfinder.types import User


class QuestionnaireError(Exception):
    """The link does not take answers (the page says so, in both languages, and changes nothing)."""


class QuestionnaireInvalid(QuestionnaireError):
    """No questionnaire has this token (mistyped, forged, or of a purged record)."""


class QuestionnaireExpired(QuestionnaireError):
    """The link's time ran out, or a newer questionnaire for the client replaced it."""


class QuestionnaireUsed(QuestionnaireError):
    """The questionnaire was already answered: a link works once."""


def questionnaire_for_token(token: str, *, now: datetime | None = None) -> Questionnaire:
    """The open questionnaire the token names; raises why it is not (nothing is changed)."""
    now = now or timezone.now()
    found = Questionnaire.objects.select_related("client").filter(token_hash=token_digest(token)).first()
    if found is None:
        raise QuestionnaireInvalid(token[:8])
    if found.submitted_at is not None:
        raise QuestionnaireUsed(found.pk)
    if found.voided_at is not None or now >= found.expires_at or found.client.is_locked:
        raise QuestionnaireExpired(found.pk)
    return found


# The client page reads this many of a client's newest questionnaires that are not void. A new one
# voids every unanswered one, so those beyond the latest were all answered: an answer still waiting
# behind this many newer answered questionnaires is not a case to plan a query for.
STATE_ROWS = 10


def questionnaire_state(client: Client) -> tuple[Questionnaire | None, Questionnaire | None]:
    """For the client page, in one query: the newest questionnaire that was not replaced (for "sent
    on …, expires …") and the newest answered one that no intake confirmed yet."""
    rows = list(
        Questionnaire.objects.filter(client=client, voided_at__isnull=True).order_by("-created_at", "-pk")[
            :STATE_ROWS
        ]
    )
    waiting = next((row for row in rows if row.awaits_review), None)
    return (rows[0] if rows else None), waiting


def questionnaire_for_review(*, user: User, client_pk: int, pk: int) -> Questionnaire | None:
    """The answered, unconfirmed questionnaire ``pk`` of a client the user may see; None otherwise
    (a stale or foreign id leaves the intake page empty rather than failing)."""
    return (
        Questionnaire.objects.select_related("client")
        .filter(
            pk=pk,
            client_id=client_pk,
            client__in=visible_clients(user),
            submitted_at__isnull=False,
            reviewed_at__isnull=True,
        )
        .first()
    )
