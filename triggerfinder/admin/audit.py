"""The audit rows in the admin: the access log and the security events, read only; and the
therapists' calendar feeds, which an administrator may revoke (a lost phone, a therapist who left)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from triggerfinder.models import (
    AccessLogEntry,
    CalendarFeed,
    SecurityEvent,
)
from triggerfinder.services.calendar_feed import feed_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are written by the app alone; nobody edits or deletes them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "client_id"]
    list_filter = ["action"]
    search_fields = ["user__username"]
    date_hierarchy = "at"


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "user", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Whose feed is active since when; the secret itself is never stored (only its digest, not
    shown). Revoking is the one change: the therapist makes a new address on their own page."""

    list_display = ["therapist", "created_at", "token_created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["therapist__username", "therapist__last_name"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected calendar feeds"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[CalendarFeed]) -> None:
        revoked = sum(feed_revoke(user=feed.therapist) for feed in queryset.select_related("therapist"))
        self.message_user(
            request,
            ngettext("%(count)d calendar feed revoked.", "%(count)d calendar feeds revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
