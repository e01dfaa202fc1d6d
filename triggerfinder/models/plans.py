"""Treatment plans: the cycle of sessions with its maintenance visits and focus muscles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds, planning
from triggerfinder.models.clients import Client
from triggerfinder.models.intake import Intake
from triggerfinder.models.knowledge import Muscle
from triggerfinder.models.validators import bound_validators
from triggerfinder.models.versioning import Versioned


class TreatmentPlan(Versioned):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="plans", verbose_name=_("client")
    )
    intake = models.ForeignKey(
        Intake, on_delete=models.PROTECT, related_name="plans", verbose_name=_("intake")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    focus_muscles: models.ManyToManyField[Muscle, PlanFocusMuscle] = models.ManyToManyField(
        "triggerfinder.Muscle", through="PlanFocusMuscle", related_name="+", verbose_name=_("focus muscles")
    )
    cycle_length = models.PositiveSmallIntegerField(
        _("sessions in the cycle"), validators=bound_validators(bounds.CYCLE_LENGTH)
    )
    first_interval_days = models.PositiveSmallIntegerField(
        _("days between sessions at first"),
        default=7,
        validators=bound_validators(bounds.INTERVAL_DAYS),
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("days between sessions later"), default=14, validators=bound_validators(bounds.INTERVAL_DAYS)
    )
    weekly_sessions = models.PositiveSmallIntegerField(
        _("sessions at the first spacing"), validators=bound_validators(bounds.WEEKLY_SESSIONS)
    )
    maintenance_weeks = models.PositiveSmallIntegerField(
        _("maintenance every (weeks)"), default=6, validators=bound_validators(bounds.MAINTENANCE_WEEKS)
    )
    maintenance_visits = models.PositiveSmallIntegerField(
        _("maintenance visits"), default=3, validators=bound_validators(bounds.MAINTENANCE_VISITS)
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("minutes per session"), default=60, validators=bound_validators(bounds.SESSION_MINUTES)
    )
    start_date = models.DateField(_("start"))
    session_time = models.TimeField(_("usual time of day"), default=planning.SESSION_TIME)
    notes = models.TextField(_("notes"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treatment plan")
        verbose_name_plural = _("treatment plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client} · {self.get_status_display()} · {self.start_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("triggerfinder:plan-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.PROPOSED


class PlanFocusMuscle(models.Model):
    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.CASCADE, related_name="focus", verbose_name=_("treatment plan")
    )
    muscle = models.ForeignKey(
        "triggerfinder.Muscle", on_delete=models.PROTECT, related_name="+", verbose_name=_("muscle")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus muscle")
        verbose_name_plural = _("focus muscles")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "muscle"], name="tf_plan_focus_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.muscle.slug}"


class PlannedSession(models.Model):
    class Kind(models.TextChoices):
        CYCLE = "cycle", _("cycle")
        MAINTENANCE = "maintenance", _("maintenance")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        MISSED = "missed", _("missed")
        MOVED = "moved", _("moved")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("treatment plan")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    OPEN = (Status.PLANNED, Status.MOVED)  # still to come

    class Meta:
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")
        ordering = ["plan", "date", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "number"], name="tf_session_unique")]
        indexes = [models.Index(fields=["date", "status"], name="tf_session_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.date:%Y-%m-%d}"
