"""The audit rows in the admin: the access log and the security events, read only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from triggerfinder.models import (
    AccessLogEntry,
    SecurityEvent,
)


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
