"""An intake: what the client told at one consultation, its painful regions, factors,
contraindications and the screening questions asked."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds
from triggerfinder.core.slots import Wishes, window_is_valid
from triggerfinder.models.clients import Client
from triggerfinder.models.contraindications import Contraindication
from triggerfinder.models.knowledge import PerpetuatingFactor
from triggerfinder.models.validators import bound_validators
from triggerfinder.models.versioning import Versioned

WISH_WEEKDAYS = range(6)  # Monday to Saturday


def parse_weekdays(value: str) -> frozenset[int]:
    """``"0,2,4"`` -> {0, 2, 4}; raises ValueError for anything else."""
    days = [part.strip() for part in value.split(",") if part.strip()]
    found = frozenset(int(part) for part in days if part.isdigit())
    if len(found) != len(days) or not found <= frozenset(WISH_WEEKDAYS):
        raise ValueError(f"weekdays are 0 (Monday) to 5 (Saturday), not {value!r}")
    return found


def format_weekdays(days: frozenset[int] | set[int] | list[int]) -> str:
    return ",".join(str(day) for day in sorted(set(days)))


def validate_weekdays(value: str) -> None:
    try:
        parse_weekdays(value)
    except ValueError as error:
        raise ValidationError(_("Weekdays are Monday to Saturday.")) from error


class Intake(Versioned):
    """What the client told the therapist at one consultation."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="intakes", verbose_name=_("client")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    overall_pain = models.PositiveSmallIntegerField(
        _("overall pain (0–10)"), validators=bound_validators(bounds.PAIN)
    )
    duration_months = models.PositiveSmallIntegerField(
        _("pain for (months)"),
        validators=bound_validators(bounds.DURATION_MONTHS),
        help_text=_(
            "How long the pain has lasted; 3 months or more counts as chronic (IASP), 12 months or "
            "more plans a cycle of 8–12 sessions."
        ),
    )
    # Explicit link tables protect the knowledge entries: deleting a contraindication in the
    # admin must never silently erase it from a client's record.
    perpetuating_factors: models.ManyToManyField[PerpetuatingFactor, IntakeFactor] = models.ManyToManyField(
        "triggerfinder.PerpetuatingFactor",
        through="IntakeFactor",
        blank=True,
        related_name="+",
        verbose_name=_("perpetuating factors"),
    )
    contraindications: models.ManyToManyField[Contraindication, IntakeContraindication] = (
        models.ManyToManyField(
            "triggerfinder.Contraindication",
            through="IntakeContraindication",
            blank=True,
            related_name="+",
            verbose_name=_("contraindications found"),
        )
    )
    notes = models.TextField(_("notes"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent text version"), max_length=40)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # The client's wishes for the appointments: weekdays (Monday 0 … Saturday 5) as "0,2,4",
    # empty for any; the earliest start and the latest end of a session (None: no bound).
    wish_weekdays = models.CharField(
        _("wished weekdays"),
        max_length=20,
        blank=True,
        default="",
        validators=[validate_weekdays],
    )
    wish_after = models.TimeField(_("not before (time of day)"), null=True, blank=True)
    wish_before = models.TimeField(_("ending by (time of day)"), null=True, blank=True)
    # The form's one-time key: a second submit of the same form finds the first intake.
    submission_key = models.UUIDField(_("submission key"), unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall_pain__lte=bounds.PAIN.high), name="tf_intake_pain_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.recorded_at:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if not window_is_valid(self.wish_after, self.wish_before):
            raise ValidationError({"wish_before": _("The wished window must end after it starts.")})

    @property
    def weekdays(self) -> frozenset[int]:
        return parse_weekdays(self.wish_weekdays)

    def wishes(self) -> Wishes:
        """The client's wishes as the slot search takes them (the one home of this mapping)."""
        return Wishes(self.weekdays, after=self.wish_after, before=self.wish_before)


class IntakeRegion(models.Model):
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="regions", verbose_name=_("intake")
    )
    region = models.ForeignKey(
        "triggerfinder.BodyRegion", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    intensity = models.PositiveSmallIntegerField(
        _("intensity (0–10)"), validators=bound_validators(bounds.PAIN)
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("painful region")
        verbose_name_plural = _("painful regions")
        ordering = ["intake", "-intensity", "region__order"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "region"], name="tf_intake_region_unique"),
            models.CheckConstraint(
                condition=models.Q(intensity__lte=bounds.PAIN.high), name="tf_intake_region_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.slug}: {self.intensity}"


class IntakeFactor(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="+", verbose_name=_("intake"))
    factor = models.ForeignKey(
        "triggerfinder.PerpetuatingFactor",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("factor"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perpetuating factor of an intake")
        verbose_name_plural = _("perpetuating factors of intakes")
        constraints = [models.UniqueConstraint(fields=["intake", "factor"], name="tf_intake_factor_unique")]

    def __str__(self) -> str:
        return f"{self.intake_id}: {self.factor_id}"


class IntakeContraindication(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="+", verbose_name=_("intake"))
    contraindication = models.ForeignKey(
        "triggerfinder.Contraindication",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contraindication"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contraindication of an intake")
        verbose_name_plural = _("contraindications of intakes")
        constraints = [
            models.UniqueConstraint(fields=["intake", "contraindication"], name="tf_intake_contra_unique")
        ]

    def __str__(self) -> str:
        return f"{self.intake_id}: {self.contraindication_id}"


class ScreeningAnswer(models.Model):
    """One screening question asked at an intake and its answer; who asked is the intake's
    ``recorded_by``. An intake without these rows (recorded before issue 14) was screened by ticking
    boxes: what was not ticked was not necessarily asked, so its plan cannot be accepted."""

    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="screening_answers", verbose_name=_("intake")
    )
    contraindication = models.ForeignKey(
        "triggerfinder.Contraindication",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("question"),
    )
    answer = models.BooleanField(_("answer"), help_text=_("Yes: the finding is present."))

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        ordering = ["intake", "contraindication__order", "contraindication__slug"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "contraindication"], name="tf_screening_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.intake_id}: {self.contraindication_id} = {'yes' if self.answer else 'no'}"
