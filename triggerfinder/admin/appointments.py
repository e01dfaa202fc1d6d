"""The appointment book in the admin (issue 17): working hours, absences, closing days and rooms
are edited here, with history and the edit-conflict rule of every versioned record; appointments
are shown with their history and never added, changed or deleted here, because only
``services.appointments`` keeps the no-double-booking rule and asks the safety gate."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest

from triggerfinder.admin.base import VersionedAdmin
from triggerfinder.admin.clinical import ClinicalRecordAdmin
from triggerfinder.forms.clients import therapist_choices
from triggerfinder.models import Absence, Appointment, ClosingDay, Room, WorkingHours
from triggerfinder.selectors.calendar_views import visible_appointments
from triggerfinder.types import User


class TherapistRecordAdmin(VersionedAdmin):
    """A record of one therapist: the therapist is one of the practice's therapists, as in the app,
    never any account. What is valid (an interval that ends after it starts, working hours that
    do not overlap) is the model's ``clean``, shown on the form like any other error."""

    list_select_related = ["therapist"]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = therapist_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorkingHours)
class WorkingHoursAdmin(TherapistRecordAdmin):
    list_display = ["therapist", "weekday", "start", "end"]
    list_filter = [("therapist", admin.RelatedOnlyFieldListFilter), "weekday"]
    search_fields = ["therapist__username", "therapist__first_name", "therapist__last_name"]
    ordering = ["therapist__last_name", "therapist__first_name", "therapist__username", "weekday", "start"]
    fields = ["therapist", "weekday", "start", "end"]


@admin.register(Absence)
class AbsenceAdmin(TherapistRecordAdmin):
    list_display = ["therapist", "kind", "start", "end", "note"]
    list_filter = [("therapist", admin.RelatedOnlyFieldListFilter), "kind", "start"]
    search_fields = ["therapist__username", "therapist__first_name", "therapist__last_name", "note"]
    date_hierarchy = "start"
    ordering = ["-start"]
    fields = ["therapist", "kind", "start", "end", "note"]


@admin.register(ClosingDay)
class ClosingDayAdmin(VersionedAdmin):
    list_display = ["date", "reason"]
    list_filter = ["date"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    ordering = ["-date"]
    fields = ["date", "reason"]


@admin.register(Room)
class RoomAdmin(VersionedAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    ordering = ["name"]
    fields = ["name", "active"]


_APPOINTMENT_FIELDS = (
    "client",
    "therapist",
    "start",
    "duration_minutes",
    "end",
    "room",
    "status",
    "planned_session",
    "created_at",
    "updated_at",
)


@admin.register(Appointment)
class AppointmentAdmin(ClinicalRecordAdmin):
    """Read only: booking, moving, cancelling and marking go through the app's appointment book
    (the services), which keep the no-double-booking rule and the safety gate. Shown are the
    appointments the user may see in the app (``selectors.calendar_views``), each view of one in
    the access log."""

    list_display = ["start", "duration_minutes", "client", "therapist", "room", "status"]
    list_filter = [
        "status",
        ("therapist", admin.RelatedOnlyFieldListFilter),
        ("room", admin.RelatedOnlyFieldListFilter),
        "start",
    ]
    list_select_related = ["client", "therapist", "room"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "start"
    ordering = ["-start", "-pk"]
    fields = _APPOINTMENT_FIELDS
    readonly_fields = _APPOINTMENT_FIELDS  # every field shown, none a form field

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The app's rule of who sees which appointment, on top of the clients the user may see.
        # Only staff who may view appointments reach the admin's pages: a logged-in user.
        user = cast(User, request.user)
        return super().get_queryset(request).filter(pk__in=visible_appointments(user).values("pk"))
