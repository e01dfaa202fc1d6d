"""The client's record: who they are, their language, who treats them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from triggerfinder.models.versioning import Versioned


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
    # Consent to e-mail messages between visits (reminders), apart from consent to treatment: the
    # practice records it; the client or the practice may withdraw it (by the link in every e-mail,
    # then ``messages_withdrawn_by`` is None). The history keeps each change.
    messages_consent_at = models.DateTimeField(
        _("agreed to e-mail messages at"), null=True, blank=True, editable=False
    )
    messages_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("consent to e-mail messages recorded by"),
    )
    messages_withdrawn_at = models.DateTimeField(
        _("e-mail messages withdrawn at"), null=True, blank=True, editable=False
    )
    messages_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("e-mail messages withdrawn by"),
        help_text=_("Empty when the client withdrew by the link in an e-mail."),
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
    def may_receive_messages(self) -> bool:
        """E-mails between visits may go out: consent recorded and not withdrawn, an address to
        send to, and a record that is neither restricted nor without consent to treatment."""
        return (
            self.messages_consent_at is not None
            and self.messages_withdrawn_at is None
            and bool(self.email)
            and not self.is_locked
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
