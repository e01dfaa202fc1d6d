"""Clinical records in the admin: shown with their history to those who may see the client,
never added, changed or deleted here (docs/safety.md)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Model
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from triggerfinder.admin.base import ReadOnlyMixin, VisibleClientsMixin, record_probe_if_hidden
from triggerfinder.forms.clients import therapist_choices
from triggerfinder.models import (
    AccessLogEntry,
    Clearance,
    Client,
    Finding,
    Intake,
    IntakeRegion,
    PlannedSession,
    ScreeningAnswer,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.security import audit


class ClinicalRecordAdmin(ReadOnlyMixin, VisibleClientsMixin, SimpleHistoryAdmin):
    """Clinical records are written by the app's services alone, so the safety gate sees every
    change (docs/safety.md); the admin shows them and their history, and changes nothing. The
    history pages show only records the user may see, and their "revert" is refused."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        """A user chosen on a client record (its therapist, who recorded it) is one of the
        practice's therapists, as in the app, never any account."""
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = therapist_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _visible_or_none(self, request: HttpRequest, object_id: str) -> Model | None:
        """The record, logged as read; None when the user may not see it (a probe when it
        exists all the same)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            record_probe_if_hidden(request, self.model, object_id)
            return None
        audit.record_access(request, self._client_of(obj), AccessLogEntry.Action.ADMIN)
        return obj

    def _visible_or_404(self, request: HttpRequest, object_id: str) -> Model:
        obj = self._visible_or_none(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def _client_of(self, obj: Model) -> Client:
        client: object = obj
        if self.client_path != "pk":
            for step in self.client_path.split("__"):
                client = getattr(client, step)
        assert isinstance(client, Client)  # client_path leads to the client
        return client

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._visible_or_none(request, object_id)  # a hidden one is "does not exist", as a missing one
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._visible_or_404(request, object_id)
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Client)
class ClientAdmin(ClinicalRecordAdmin):
    client_path = "pk"
    list_display = ["last_name", "first_name", "date_of_birth", "preferred_language", "therapist"]
    list_filter = ["preferred_language", "therapist"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["therapist"]


class IntakeRegionInline(admin.TabularInline):
    model = IntakeRegion
    extra = 0
    fields = ["region", "intensity"]


class ScreeningAnswerInline(ReadOnlyMixin, admin.TabularInline):
    """What was asked at the intake and the answers: a record, never edited afterwards."""

    model = ScreeningAnswer
    extra = 0
    fields = ["contraindication", "answer"]
    readonly_fields = ["contraindication", "answer"]  # every field shown


@admin.register(Intake)
class IntakeAdmin(ClinicalRecordAdmin):
    list_display = ["client", "recorded_at", "recorded_by", "overall_pain", "duration_months"]
    list_select_related = ["client", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "recorded_at"
    inlines = [IntakeRegionInline, ScreeningAnswerInline]


@admin.register(Finding)
class FindingAdmin(ClinicalRecordAdmin):
    list_display = ["client", "contraindication", "recorded_at", "recorded_by", "resolved_at"]
    list_filter = ["contraindication__level"]
    list_select_related = ["client", "contraindication", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]


@admin.register(Clearance)
class ClearanceAdmin(ClinicalRecordAdmin):
    list_display = ["client", "cleared_on", "recorded_by", "recorded_at"]
    list_select_related = ["client", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]


class PlannedSessionInline(admin.TabularInline):
    model = PlannedSession
    extra = 0
    fields = ["kind", "number", "date", "status"]


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(ClinicalRecordAdmin):
    list_display = ["client", "status", "start_date", "cycle_length", "maintenance_weeks"]
    list_filter = ["status"]
    list_select_related = ["client"]
    search_fields = ["client__last_name", "client__first_name"]
    inlines = [PlannedSessionInline]


@admin.register(TreatmentSession)
class TreatmentSessionAdmin(ClinicalRecordAdmin):
    list_display = ["client", "held_at", "therapist", "pain_before", "pain_after"]
    list_select_related = ["client", "therapist"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "held_at"
