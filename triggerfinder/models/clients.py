from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import planning
from triggerfinder.models.versioning import Versioned

MAX_DURATION_MONTHS = 600  # 50 years: anything longer is a typing error


def validate_not_in_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."), code="future")


class Language(models.TextChoices):
    """Languages the app's texts and handouts exist in."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class Client(Versioned):
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_not_in_future]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.GERMAN,
        help_text=_("Language of handouts and other texts for this client."),
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="triggerfinder_clients",
        verbose_name=_("responsible therapist"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # "Delete" restricts the record while the retention period runs (Art. 18 GDPR, §630f BGB).
    restricted_at = models.DateTimeField(_("restricted at"), null=True, blank=True, editable=False)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("restricted by"),
    )
    consent_withdrawn_at = models.DateTimeField(
        _("consent withdrawn at"), null=True, blank=True, editable=False
    )
    consent_withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="tf_client_name_idx"),
            models.Index(fields=["therapist", "last_name"], name="tf_client_therapist_idx"),
        ]
        permissions = [("view_all_clients", _("Can see all clients of the practice"))]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("triggerfinder:client-detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        """Nothing new may be recorded: the record is restricted or consent was withdrawn."""
        return self.restricted_at is not None or self.consent_withdrawn_at is not None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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
        _("overall pain (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("pain for (months)"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DURATION_MONTHS)],
        help_text=_(
            "How long the pain has lasted; 3 months or more counts as chronic (IASP), 12 months or "
            "more plans a cycle of 8–12 sessions."
        ),
    )
    # Explicit link tables protect the knowledge entries: deleting a contraindication in the
    # admin must never silently erase it from a client's record.
    perpetuating_factors = models.ManyToManyField(
        "triggerfinder.PerpetuatingFactor",
        through="IntakeFactor",
        blank=True,
        related_name="+",
        verbose_name=_("perpetuating factors"),
    )
    contraindications = models.ManyToManyField(
        "triggerfinder.Contraindication",
        through="IntakeContraindication",
        blank=True,
        related_name="+",
        verbose_name=_("contraindications found"),
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
    # The form's one-time key: a second submit of the same form finds the first intake.
    submission_key = models.UUIDField(_("submission key"), unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(overall_pain__lte=10), name="tf_intake_pain_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.recorded_at:%Y-%m-%d}"


class IntakeRegion(models.Model):
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="regions", verbose_name=_("intake")
    )
    region = models.ForeignKey(
        "triggerfinder.BodyRegion", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    intensity = models.PositiveSmallIntegerField(
        _("intensity (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("painful region")
        verbose_name_plural = _("painful regions")
        ordering = ["intake", "-intensity", "region__order"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "region"], name="tf_intake_region_unique"),
            models.CheckConstraint(condition=models.Q(intensity__lte=10), name="tf_intake_region_0_10"),
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
    focus_muscles = models.ManyToManyField(
        "triggerfinder.Muscle", through="PlanFocusMuscle", related_name="+", verbose_name=_("focus muscles")
    )
    cycle_length = models.PositiveSmallIntegerField(
        _("sessions in the cycle"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    first_interval_days = models.PositiveSmallIntegerField(
        _("days between sessions at first"),
        default=7,
        validators=[MinValueValidator(3), MaxValueValidator(28)],
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("days between sessions later"), default=14, validators=[MinValueValidator(3), MaxValueValidator(28)]
    )
    weekly_sessions = models.PositiveSmallIntegerField(
        _("sessions at the first spacing"), validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    maintenance_weeks = models.PositiveSmallIntegerField(
        _("maintenance every (weeks)"), default=6, validators=[MinValueValidator(4), MaxValueValidator(12)]
    )
    maintenance_visits = models.PositiveSmallIntegerField(
        _("maintenance visits"), default=3, validators=[MinValueValidator(0), MaxValueValidator(8)]
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("minutes per session"), default=60, validators=[MinValueValidator(45), MaxValueValidator(180)]
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
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    pain_before = models.PositiveSmallIntegerField(
        _("pain since the last visit (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    pain_after = models.PositiveSmallIntegerField(
        _("pain right after the session (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
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
                condition=models.Q(pain_before__lte=10, pain_after__lte=10), name="tf_treatment_pain_0_10"
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
        _("intensity (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pain per region")
        verbose_name_plural = _("pain per region")
        constraints = [models.UniqueConstraint(fields=["session", "region"], name="tf_session_region_unique")]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.intensity}"
