"""The knowledge base's screening: contraindications (what a finding changes: pressure, excluded
muscles and stretches, postpone delay, warning signs) and the escalation rules that combine them.
Both keep the safety floors (``core.screening.SAFETY_FLOORS``): model validation refuses a level
below a floor, on every path that saves one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds, screening
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NONE, PRESSURE_NORMAL
from triggerfinder.models.knowledge import SOURCES_HELP, Level
from triggerfinder.models.versioning import Versioned


class Pressure(models.TextChoices):
    NORMAL = PRESSURE_NORMAL, _("as described")
    LIGHT = PRESSURE_LIGHT, _("light pressure only (the muscle's light variant)")
    NONE = PRESSURE_NONE, _("no self-pressure at all")


class Contraindication(Versioned):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_de = models.CharField(_("label (German)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150)
    # The label asks the therapist; a client alone with the questionnaire reads this (issue 18).
    plain_de = models.CharField(
        _("question in plain words (German)"),
        max_length=250,
        blank=True,
        help_text=_("What a client reads in the questionnaire before the first visit; empty: the label."),
    )
    plain_en = models.CharField(
        _("question in plain words (English)"),
        max_length=250,
        blank=True,
        help_text=_("What a client reads in the questionnaire before the first visit; empty: the label."),
    )
    therapist_note_de = models.TextField(_("explanation for the therapist (German)"))
    therapist_note_en = models.TextField(_("explanation for the therapist (English)"))
    client_advice_de = models.TextField(_("advice for the client (German)"))
    client_advice_en = models.TextField(_("advice for the client (English)"))
    postpone_days = models.PositiveSmallIntegerField(
        _("postpone at least (days)"),
        default=0,
        validators=[MaxValueValidator(bounds.POSTPONE_DAYS.high)],
        help_text=_(
            "For “postpone”: the shortest delay before treatment may start, counted from the day it was recorded."
        ),
    )
    pressure = models.CharField(
        _("self-pressure while this is current"),
        max_length=6,
        choices=Pressure.choices,
        default=Pressure.NORMAL,
    )
    excluded_muscles = models.ManyToManyField(
        "triggerfinder.Muscle",
        blank=True,
        related_name="+",
        verbose_name=_("no technique on these muscles"),
    )
    excluded_stretches = models.ManyToManyField(
        "triggerfinder.Stretch", blank=True, related_name="+", verbose_name=_("no such stretches")
    )
    client_warning = models.BooleanField(
        _("warning sign on handouts"),
        default=False,
        help_text=_("Printed among the signs that need a doctor (emergency and refer levels)."),
    )
    warning_regions = models.ManyToManyField(
        "triggerfinder.BodyRegion",
        blank=True,
        related_name="+",
        verbose_name=_("body areas"),
        help_text=_(
            "Top-level regions this finding belongs to: the intake asks it of clients with pain there, "
            "and a warning sign is printed for them. None: every client."
        ),
    )
    sources = models.CharField(_("sources"), max_length=250, help_text=SOURCES_HELP)
    history = HistoricalRecords(m2m_fields=[excluded_muscles, excluded_stretches, warning_regions])

    class Meta:
        verbose_name = _("contraindication")
        verbose_name_plural = _("contraindications")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return f"{self.label_de} / {self.label_en}"

    @property
    def floor(self) -> str | None:
        return screening.floor_level(self.slug)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str | Promise]] = {}
        floor = self.floor
        if (
            floor is not None
            and self.level in screening.LEVELS
            and screening.below_floor(self.slug, self.level)
        ):
            errors["level"] = [
                _("“%(slug)s” is safety-critical: its level cannot be lower than “%(floor)s”.")
                % {"slug": self.slug, "floor": Level(floor).label}
            ]
        if self.level == Level.POSTPONE and not self.postpone_days:
            errors["postpone_days"] = [_("A postpone finding needs its minimum delay in days.")]
        if self.client_warning and self.level not in (Level.EMERGENCY, Level.REFER):
            errors["client_warning"] = [
                _("Only emergency and refer findings can be warning signs on handouts.")
            ]
        if errors:
            raise ValidationError(errors)


class EscalationRule(Versioned):
    """Findings that together are more serious than each alone (facts §5.5)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    groups = models.JSONField(
        _("when all groups apply"),
        help_text=_(
            "A list of groups, each a list of contraindication slugs: the rule applies when every "
            'group has at least one current finding, e.g. [["fever"], ["infection-risk"]].'
        ),
    )
    reason_de = models.TextField(_("reason (German)"))
    reason_en = models.TextField(_("reason (English)"))
    sources = models.CharField(_("sources"), max_length=250, help_text=SOURCES_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        super().clean()
        groups = self.groups
        if not (
            isinstance(groups, list)
            and len(groups) >= 2
            and all(isinstance(g, list) and g and all(isinstance(s, str) for s in g) for g in groups)
        ):
            raise ValidationError(
                {"groups": _("Give at least two groups, each a non-empty list of contraindication slugs.")}
            )
        known = set(Contraindication.objects.values_list("slug", flat=True))
        unknown = sorted({slug for group in groups for slug in group} - known)
        if unknown:
            raise ValidationError(
                {"groups": _("Unknown contraindications: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
            )
