"""Who looked at what, and what happened at the door. Rows are written by the app only and are
read-only in the admin. They hold no health data: an access row names the client and the kind of
access, never what was shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed the client's page")
        PLAN = "plan", _("viewed a treatment plan")
        HANDOUT = "handout", _("downloaded a handout")
        CALENDAR = "calendar", _("downloaded a calendar")
        CALENDAR_FEED = "calendar-feed", _("the calendar feed listed an appointment")
        EXPORT = "export", _("exported the client's data")
        RESTRICT = "restrict", _("restricted the record")
        CONSENT_WITHDRAWN = "consent-withdrawn", _("recorded the withdrawal of consent")
        MESSAGES_CONSENT = "messages-consent", _("recorded consent to e-mail messages")
        MESSAGES_WITHDRAWN = "messages-withdrawn", _("recorded the withdrawal of e-mail messages")
        EDIT = "edit", _("opened a form with the client's data")
        ADMIN = "admin", _("viewed the record in the admin")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    client = models.ForeignKey(
        "triggerfinder.Client", on_delete=models.CASCADE, related_name="access_log", verbose_name=_("client")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.client_id}"


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGOUT = "logout", _("logged out")
        LOGIN_FAILED = "login-failed", _("failed log-in")
        LOCKED_OUT = "locked-out", _("locked out")
        DENIED = "denied", _("access denied")
        PROBE = "probe", _("asked for another therapist's client")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
