"""A therapist's private calendar feed: a secret URL a calendar app subscribes to (issue 17).

The URL carries a random token (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so a
copy of the database does not open anyone's feed. Regenerating replaces the hash (the old URL
stops working at once), revoking ends the feed until a new URL is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    therapist = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("therapist"),
    )
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    token_created_at = models.DateTimeField(_("current address created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of user {self.therapist_id}{' (revoked)' if self.revoked_at else ''}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
