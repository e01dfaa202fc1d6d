"""The questionnaire before the first visit: a one-time link a new client fills in (issue 18).

The link carries a random token (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, as with
the calendar feed, so a copy of the database opens no questionnaire. The client's answers are a
draft (``answers``, plain JSON: see ``core.questionnaire``), never the record: the therapist goes
through them with the client on the intake page, and the intake saved there is the record
(``intake``, ``reviewed_at``).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.models.clients import Client
from triggerfinder.models.intake import Intake


class Questionnaire(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="questionnaires", verbose_name=_("client")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    # A newer questionnaire for the same client makes an unanswered older one void.
    voided_at = models.DateTimeField(_("void since"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answers = models.JSONField(_("the client's answers"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    intake = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed in the intake"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"questionnaire {self.pk} of client {self.client_id}"

    def is_open(self, now: datetime) -> bool:
        """The link still takes answers: not answered, not void, not expired."""
        return self.submitted_at is None and self.voided_at is None and now < self.expires_at

    @property
    def awaits_review(self) -> bool:
        return self.submitted_at is not None and self.reviewed_at is None
