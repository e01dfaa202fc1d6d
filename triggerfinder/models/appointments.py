"""The appointment book: a therapist sees a client at a time, in a room where the practice has rooms.

No two active appointments (booked, done, no-show) of one therapist or in one room overlap. On
PostgreSQL an exclusion constraint over the time range says so (migration 0019); on SQLite the
service checks it inside the write transaction, which holds the database's write lock
(``transaction_mode = IMMEDIATE``). ``end`` is stored, derived from ``start`` and the duration on
every save, so the overlap query and the constraint are plain comparisons.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.core import bounds
from triggerfinder.models.availability import Room
from triggerfinder.models.clients import Client
from triggerfinder.models.plans import PlannedSession
from triggerfinder.models.validators import bound_validators
from triggerfinder.models.versioning import Versioned


class Appointment(Versioned):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        DONE = "done", _("done")
        NO_SHOW = "no-show", _("no-show")
        CANCELLED_BY_CLIENT = "cancelled-client", _("cancelled by the client")
        CANCELLED_LATE = "cancelled-late", _("cancelled late by the client")
        CANCELLED_BY_PRACTICE = "cancelled-practice", _("cancelled by the practice")

    # The statuses that hold the time: they take part in the no-double-booking rule.
    ACTIVE = (Status.BOOKED, Status.DONE, Status.NO_SHOW)
    CANCELLED = (Status.CANCELLED_BY_CLIENT, Status.CANCELLED_LATE, Status.CANCELLED_BY_PRACTICE)

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("therapist"),
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("client")
    )
    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=bound_validators(bounds.APPOINTMENT_MINUTES)
    )
    end = models.DateTimeField(_("end"), editable=False)
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("room"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    # At most one active appointment per planned session (a constraint below), so a cancelled
    # one keeps its link and the session can be booked again.
    planned_session = models.ForeignKey(
        PlannedSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("planned session it fulfils"),
    )
    # The client's answers by the link in an e-mail (issue 18): a confirmation of this time (a
    # move clears it), and why they cancelled, if they said.
    confirmed_at = models.DateTimeField(
        _("confirmed by the client at"), null=True, blank=True, editable=False
    )
    cancel_reason = models.TextField(
        _("reason for the cancellation"),
        blank=True,
        editable=False,
        max_length=bounds.CANCEL_REASON_CHARS,
        validators=[MaxLengthValidator(bounds.CANCEL_REASON_CHARS)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="tf_appointment_order"
            ),
            models.UniqueConstraint(
                fields=["planned_session"],
                condition=models.Q(status__in=["booked", "done", "no-show"]),
                name="tf_appointment_one_active_per_session",
            ),
        ]
        indexes = [
            models.Index(fields=["therapist", "start"], name="tf_appointment_therapist_idx"),
            models.Index(fields=["room", "start"], name="tf_appointment_room_idx"),
            models.Index(fields=["client", "start"], name="tf_appointment_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} · {self.client} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.start is not None and self.duration_minutes is not None:
            self.end = self.start + timedelta(minutes=self.duration_minutes)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "end"}
        super().save(*args, **kwargs)
