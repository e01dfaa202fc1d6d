"""When therapists work and the practice is open: weekly working hours, absences, closing days and
rooms (issue 17). The core's plain data is built from these rows by ``selectors.availability``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import availability as core
from triggerfinder.models.versioning import Versioned


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(Versioned):
    """One interval of a therapist's working hours on a weekday (local wall-clock time of the
    practice); several a day are allowed (09:00–12:00 and 14:00–18:00), not overlapping."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="working_hours",
        verbose_name=_("therapist"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["therapist", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="tf_hours_order"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="tf_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.start is None or self.end is None or self.therapist_id is None:
            return
        if self.end <= self.start:
            raise ValidationError({"end": _("The working hours end after they start.")})
        others = WorkingHours.objects.filter(
            therapist_id=self.therapist_id, weekday=self.weekday, start__lt=self.end, end__gt=self.start
        ).exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(_("These working hours overlap others on the same day."))


class Absence(Versioned):
    """A block in which a therapist is away (holiday, illness, training)."""

    class Kind(models.TextChoices):
        HOLIDAY = core.ABSENCE_HOLIDAY, _("holiday")
        ILLNESS = core.ABSENCE_ILLNESS, _("illness")
        TRAINING = core.ABSENCE_TRAINING, _("training")

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("therapist"),
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["therapist", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="tf_absence_order")
        ]
        indexes = [models.Index(fields=["therapist", "start", "end"], name="tf_absence_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("The absence ends after it starts.")})


class ClosingDay(Versioned):
    """A day the whole practice is shut, besides the public holidays."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class Room(Versioned):
    """A treatment room. When the practice defines active rooms, every appointment needs one."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
