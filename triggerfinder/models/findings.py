"""Findings of the screening recorded for a client, and the doctors' clearances of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.models.clients import Client, validate_not_in_future
from triggerfinder.models.intake import Intake
from triggerfinder.models.versioning import Versioned


class Finding(Versioned):
    """A contraindication in the client's screening: from an intake, or recorded at a later visit.

    The current screening is the latest intake's findings plus every one recorded since, less
    those marked resolved (selectors.client_decision); the safety gate decides from it.
    """

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="findings", verbose_name=_("client")
    )
    contraindication = models.ForeignKey(
        "triggerfinder.Contraindication",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("finding"),
    )
    intake = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("intake"),
        help_text=_("Empty for a finding recorded at a visit after the intake."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    note = models.TextField(_("note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("why it is resolved"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["client", "recorded_at"], name="tf_finding_client_idx")]

    def __str__(self) -> str:
        return f"{self.client} · {self.contraindication_id} · {self.recorded_at:%Y-%m-%d}"


class Clearance(models.Model):
    """A doctor's clearance of named findings, as the therapist recorded it. It covers only the
    findings it names, and only when dated no earlier than they were recorded."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="clearances", verbose_name=_("client")
    )
    cleared_on = models.DateField(_("cleared on"), validators=[validate_not_in_future])
    note = models.TextField(
        _("note"), help_text=_("Who cleared the treatment (doctor, practice), and with which limits.")
    )
    findings = models.ManyToManyField(
        Finding, related_name="clearances", verbose_name=_("findings it covers")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords(m2m_fields=[findings])

    class Meta:
        verbose_name = _("medical clearance")
        verbose_name_plural = _("medical clearances")
        ordering = ["-cleared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.client} · {self.cleared_on:%Y-%m-%d}"
