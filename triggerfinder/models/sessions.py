"""Treatment sessions as they were held: the muscles treated and the pain per region."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds
from triggerfinder.models.clients import Client
from triggerfinder.models.plans import PlannedSession, TreatmentPlan
from triggerfinder.models.validators import bound_validators
from triggerfinder.models.versioning import Versioned


class TreatmentSession(Versioned):
    """One treatment as it happened. ``held_at`` is when it took place; ``recorded_at`` when it was
    entered, which may be later (a session recorded after the fact keeps both)."""

    # What the session says, as the therapist records and later corrects it.
    NOTES_FIELDS = (
        "held_at",
        "duration_minutes",
        "pain_before",
        "pain_after",
        "feedback",
        "subjective",
        "objective",
        "assessment",
        "soap_plan",
    )

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("client")
    )
    plan = models.ForeignKey(
        TreatmentPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treatments",
        verbose_name=_("treatment plan"),
    )
    planned_session = models.OneToOneField(
        PlannedSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treatment",
        verbose_name=_("planned session it fulfils"),
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("therapist")
    )
    held_at = models.DateTimeField(_("held at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=bound_validators(bounds.HELD_MINUTES)
    )
    pain_before = models.PositiveSmallIntegerField(
        _("pain since the last visit (0–10)"), validators=bound_validators(bounds.PAIN)
    )
    pain_after = models.PositiveSmallIntegerField(
        _("pain right after the session (0–10)"), validators=bound_validators(bounds.PAIN)
    )
    feedback = models.TextField(_("client's feedback"), blank=True)
    subjective = models.TextField(_("S – subjective"), blank=True)
    objective = models.TextField(_("O – objective"), blank=True)
    assessment = models.TextField(_("A – assessment"), blank=True)
    soap_plan = models.TextField(_("P – plan"), blank=True)
    recorded_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    submission_key = models.UUIDField(_("submission key"), unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treatment session")
        verbose_name_plural = _("treatment sessions")
        ordering = ["-held_at", "-pk"]
        indexes = [
            models.Index(fields=["plan", "held_at"], name="tf_treatment_plan_idx"),
            models.Index(fields=["client", "held_at"], name="tf_treatment_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_before__lte=bounds.PAIN.high, pain_after__lte=bounds.PAIN.high),
                name="tf_treatment_pain_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.held_at:%Y-%m-%d %H:%M}"


class TreatedMuscle(models.Model):
    class Side(models.TextChoices):
        LEFT = "left", _("left")
        RIGHT = "right", _("right")
        BOTH = "both", _("both")

    session = models.ForeignKey(
        TreatmentSession,
        on_delete=models.CASCADE,
        related_name="muscles",
        verbose_name=_("treatment session"),
    )
    muscle = models.ForeignKey(
        "triggerfinder.Muscle", on_delete=models.PROTECT, related_name="+", verbose_name=_("muscle")
    )
    side = models.CharField(_("side"), max_length=5, choices=Side.choices, default=Side.BOTH)
    findings = models.CharField(_("trigger points found"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treated muscle")
        verbose_name_plural = _("treated muscles")
        constraints = [
            models.UniqueConstraint(fields=["session", "muscle", "side"], name="tf_treated_unique")
        ]

    def __str__(self) -> str:
        return f"{self.muscle_id} ({self.side})"


class SessionRegionPain(models.Model):
    """Pain per region at a session, to compare with the intake's body map."""

    session = models.ForeignKey(
        TreatmentSession,
        on_delete=models.CASCADE,
        related_name="regions",
        verbose_name=_("treatment session"),
    )
    region = models.ForeignKey(
        "triggerfinder.BodyRegion", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    intensity = models.PositiveSmallIntegerField(
        _("intensity (0–10)"), validators=bound_validators(bounds.PAIN)
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pain per region")
        verbose_name_plural = _("pain per region")
        constraints = [models.UniqueConstraint(fields=["session", "region"], name="tf_session_region_unique")]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.intensity}"
