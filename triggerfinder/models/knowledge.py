"""The trigger-point knowledge base: regions, muscles, referral weights, stretches and
perpetuating factors (contraindications and escalation rules: ``models.contraindications``). Every text a client or therapist reads exists in German
(``*_de``) and English (``*_en``). Every change is kept in the history (django-simple-history)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds
from triggerfinder.core.knowledge import parent_cycles
from triggerfinder.models.validators import bound_validators
from triggerfinder.models.versioning import Versioned

SOURCES_HELP = _("Source tags from the domain facts, comma-separated, e.g. MD25, NAMTPT-QL.")


class View(models.TextChoices):
    FRONT = "front", _("front")
    BACK = "back", _("back")


class Level(models.TextChoices):
    """How a contraindication changes the treatment, most severe first."""

    EMERGENCY = "emergency", _("Emergency: stop, emergency care today")
    REFER = "refer", _("Refer: medical clarification before any trigger-point work")
    POSTPONE = "postpone", _("Postpone: no treatment until it has passed")
    CAUTION = "caution", _("Caution: modify the treatment")


class Tool(models.TextChoices):
    TENNIS_BALL = "tennis-ball", _("tennis ball")
    LACROSSE_BALL = "lacrosse-ball", _("lacrosse ball")
    FOAM_ROLLER = "foam-roller", _("foam roller")
    HANDS = "hands", _("your hands")
    WALL_BALL = "wall-ball", _("ball against a wall")


class BodyRegion(Versioned):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    view = models.CharField(_("view"), max_length=5, choices=View.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_de = models.CharField(_("description (German)"), max_length=250, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body region")
        verbose_name_plural = _("body regions")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.name_de} / {self.name_en}"

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None or self.pk is None:  # a new region has no parts yet
            return
        # The regions as they would be after this save, by id, as a slug may change in the same
        # edit (the import checks the same rule by slug).
        parents = dict(BodyRegion.objects.values_list("pk", "parent_id"))
        parents[self.pk] = self.parent_id
        if any(self.pk in cycle for cycle in parent_cycles(parents)):
            raise ValidationError(
                {"parent": _("A region cannot be part of itself or of one of its own parts.")}
            )


class Stretch(Versioned):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    instructions_de = models.TextField(_("instructions (German)"))
    instructions_en = models.TextField(_("instructions (English)"))
    hold_seconds = models.PositiveSmallIntegerField(
        _("hold (seconds)"), default=30, validators=bound_validators(bounds.STRETCH_HOLD_SECONDS)
    )
    repetitions = models.PositiveSmallIntegerField(
        _("repetitions"), default=3, validators=bound_validators(bounds.STRETCH_REPETITIONS)
    )
    caution_de = models.TextField(_("caution (German)"), blank=True)
    caution_en = models.TextField(_("caution (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stretch")
        verbose_name_plural = _("stretches")
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.name_de} / {self.name_en}"


class PerpetuatingFactor(Versioned):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    advice_de = models.TextField(_("advice for the client (German)"))
    advice_en = models.TextField(_("advice for the client (English)"))
    sources = models.CharField(_("sources"), max_length=250, help_text=SOURCES_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perpetuating factor")
        verbose_name_plural = _("perpetuating factors")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.name_de} / {self.name_en}"


class KnowledgeState(models.Model):
    """One row: the knowledge base's version. Every change writes a new one in the same
    transaction, so every process sees an edit on its next request (knowledge_cache)."""

    version = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("knowledge base version")
        verbose_name_plural = _("knowledge base versions")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.version)


class Muscle(Versioned):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    latin_name = models.CharField(_("Latin name"), max_length=120)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    view = models.CharField(_("view"), max_length=5, choices=View.choices)
    trigger_points_de = models.TextField(_("where its trigger points lie (German)"))
    trigger_points_en = models.TextField(_("where its trigger points lie (English)"))
    referral_de = models.TextField(_("where it refers pain (German)"))
    referral_en = models.TextField(_("where it refers pain (English)"))
    causes_de = models.TextField(_("typical causes (German)"))
    causes_en = models.TextField(_("typical causes (English)"))
    tool = models.CharField(_("self-treatment tool"), max_length=20, choices=Tool.choices)
    position_de = models.TextField(_("self-treatment position (German)"))
    position_en = models.TextField(_("self-treatment position (English)"))
    steps_de = models.TextField(_("self-treatment steps (German)"))
    steps_en = models.TextField(_("self-treatment steps (English)"))
    handout_steps_de = models.TextField(
        _("handout steps (German)"),
        blank=True,
        help_text=_(
            "The technique as printed on the handout: 3–4 numbered steps, one short sentence each, "
            "action first, including where to place the tool. Empty: the handout prints the full steps."
        ),
    )
    handout_steps_en = models.TextField(_("handout steps (English)"), blank=True)
    hold_seconds_min = models.PositiveSmallIntegerField(
        _("hold at least (seconds)"), default=10, validators=bound_validators(bounds.PRESSURE_HOLD_SECONDS)
    )
    hold_seconds_max = models.PositiveSmallIntegerField(
        _("hold at most (seconds)"), default=30, validators=bound_validators(bounds.PRESSURE_HOLD_SECONDS)
    )
    frequency_de = models.CharField(_("how often (German)"), max_length=200)
    frequency_en = models.CharField(_("how often (English)"), max_length=200)
    cautions_de = models.TextField(_("cautions (German)"), blank=True)
    cautions_en = models.TextField(_("cautions (English)"), blank=True)
    light_steps_de = models.TextField(
        _("light variant (German)"),
        blank=True,
        help_text=_(
            "The technique for clients who may press only lightly (blood thinners, pregnancy, …): "
            "hands or a soft ball against a wall, never lying on a ball. Empty: left out for them."
        ),
    )
    light_steps_en = models.TextField(_("light variant (English)"), blank=True)
    sources = models.CharField(_("sources"), max_length=250, help_text=SOURCES_HELP)
    regions: models.ManyToManyField[BodyRegion, Referral] = models.ManyToManyField(
        BodyRegion, through="Referral", related_name="muscles", verbose_name=_("refers pain to")
    )
    stretches = models.ManyToManyField(Stretch, related_name="muscles", verbose_name=_("stretches"))
    perpetuating_factors = models.ManyToManyField(
        PerpetuatingFactor, blank=True, related_name="muscles", verbose_name=_("perpetuating factors")
    )
    history = HistoricalRecords(m2m_fields=[stretches, perpetuating_factors])

    class Meta:
        verbose_name = _("muscle")
        verbose_name_plural = _("muscles")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hold_seconds_min__lte=models.F("hold_seconds_max")),
                name="tf_muscle_hold_range",
                violation_error_message=_("The shortest hold must not be longer than the longest."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_de} ({self.latin_name})"


class Weight(models.IntegerChoices):
    OCCASIONAL = 1, _("occasional")
    COMMON = 2, _("common")
    MOST_COMMON = 3, _("most common")


class Referral(Versioned):
    """A muscle refers pain into a region, with how typical that is (weight 1–3)."""

    muscle = models.ForeignKey(
        Muscle, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("muscle")
    )
    region = models.ForeignKey(
        BodyRegion, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("region")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        choices=Weight.choices,
        validators=bound_validators(bounds.REFERRAL_WEIGHT),
    )
    note_de = models.CharField(_("note (German)"), max_length=250, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=250, blank=True)
    sources = models.CharField(_("sources"), max_length=250, help_text=SOURCES_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["muscle", "-weight", "region"]
        constraints = [
            models.UniqueConstraint(fields=["muscle", "region"], name="tf_referral_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    weight__gte=bounds.REFERRAL_WEIGHT.low, weight__lte=bounds.REFERRAL_WEIGHT.high
                ),
                name="tf_referral_weight_1_3",
                violation_error_message=_("The weight must be 1, 2 or 3."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle.slug} → {self.region.slug} ({self.weight})"
