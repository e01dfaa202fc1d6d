"""The appointment book's day and week views, and marking an appointment done, no-show or
cancelled (issue 17). Reads through ``selectors.calendar_views``, writes through
``services.appointments``; every client shown is in the access log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from triggerfinder.forms.fields import parse_id
from triggerfinder.models import AccessLogEntry, Appointment, EditConflict
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar_views import (
    BookEntry,
    appointment_get,
    appointments_between,
    book_therapists,
    week_start,
)
from triggerfinder.services import appointments as service
from triggerfinder.types import AuthenticatedRequest, User
from triggerfinder.views.decorators import practice_view

Status = Appointment.Status

# The actions of the status form: what the button says is done in the service.
ACTIONS = ("done", "no-show", "cancel-client", "cancel-practice")


def _columns(therapists: Sequence[User], entries: Sequence[BookEntry]) -> list[dict[str, Any]]:
    """One column per therapist, each with its appointments in order."""
    by_therapist: dict[int, list[BookEntry]] = {therapist.pk: [] for therapist in therapists}
    for entry in entries:
        by_therapist.setdefault(entry.appointment.therapist_id, []).append(entry)
    return [{"therapist": therapist, "entries": by_therapist[therapist.pk]} for therapist in therapists]


def _book_context(
    request: AuthenticatedRequest, first: date, last: date
) -> tuple[dict[str, Any], list[BookEntry]]:
    """The appointments, the therapists (the columns) and the filter shared by both views."""
    chosen = parse_id(request.GET.get("therapist", ""))
    all_therapists = book_therapists(user=request.user)
    if chosen is not None and chosen not in {therapist.pk for therapist in all_therapists}:
        chosen = None
    entries = appointments_between(user=request.user, first=first, last=last, therapist=chosen)
    therapists = [t for t in all_therapists if chosen is None or t.pk == chosen]
    known = {t.pk for t in therapists}
    for entry in entries:
        if entry.appointment.therapist_id not in known:
            known.add(entry.appointment.therapist_id)
            therapists.append(entry.appointment.therapist)
    shown = [entry.appointment.client for entry in entries]
    decisions.annotate_decisions(shown)
    audit.record_accesses(request, shown, AccessLogEntry.Action.VIEW)
    context = {
        "all_therapists": all_therapists,
        "therapists": therapists,
        "chosen": chosen,
        "practice": len(all_therapists) > 1,
        "query": f"?therapist={chosen}" if chosen is not None else "",
        "today": timezone.localdate(),
        "back": request.get_full_path(),
    }
    return context, entries


@practice_view("view_client")
def appointment_day(request: AuthenticatedRequest, day: date | None = None) -> HttpResponse:
    day = day or timezone.localdate()
    context, entries = _book_context(request, day, day)
    columns = _columns(context["therapists"], entries)
    context.update(
        {
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "columns": columns,
            "count": len(entries),
        }
    )
    return render(request, "triggerfinder/appointments/day.html", context)


@practice_view("view_client")
def appointment_week(request: AuthenticatedRequest, day: date | None = None) -> HttpResponse:
    monday = week_start(day or timezone.localdate())
    sunday = monday + timedelta(days=6)
    context, entries = _book_context(request, monday, sunday)
    days = []
    for offset in range(7):
        current = monday + timedelta(days=offset)
        on_day = [entry for entry in entries if entry.day == current]
        days.append({"day": current, "entries": on_day})
    context.update(
        {
            "monday": monday,
            "sunday": sunday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "days": days,
            "count": len(entries),
        }
    )
    return render(request, "triggerfinder/appointments/week.html", context)


def _back(request: AuthenticatedRequest, appointment: Appointment) -> str:
    """Where the form was sent from, if it is on this site; the appointment's day otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    local = timezone.localtime(appointment.start).date()
    return resolve_url("triggerfinder:appointment-day", day=local)


def _refusal(action: str, status: str) -> str:
    label = str(Status(status).label) if status in Status.values else status
    if action in ("done", "no-show") and status == Status.BOOKED:
        return _("This appointment has not begun yet: it can be marked done or no-show once it has started.")
    if action in ("done", "no-show"):
        return _("This appointment is %(status)s: it cannot be marked done or no-show.") % {"status": label}
    return _("This appointment is %(status)s: only a booked appointment can be cancelled.") % {
        "status": label
    }


SUCCESS = {
    "done": lambda: _("The appointment was marked done."),
    "no-show": lambda: _("The appointment was marked as a no-show."),
    "cancel-client": lambda: _("The appointment was cancelled by the client."),
    "cancel-practice": lambda: _("The appointment was cancelled by the practice."),
}


@practice_view("change_client", ("POST",))
def appointment_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    appointment = appointment_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    version = parse_id(request.POST.get("version", ""))
    back = _back(request, appointment)
    if action not in ACTIONS:
        messages.error(request, _("Unknown action; nothing changed."))
        return redirect(back)
    audit.record_access(request, appointment.client, AccessLogEntry.Action.EDIT)
    try:
        if action in ("done", "no-show"):
            status = Status.DONE if action == "done" else Status.NO_SHOW
            changed = service.appointment_mark(appointment=appointment, status=status, version=version)
        else:
            changed = service.appointment_cancel(
                appointment=appointment, by_client=action == "cancel-client", version=version
            )
    except service.AppointmentStateError as refused:
        messages.error(request, _refusal(action, str(refused)))
    except EditConflict:
        messages.error(
            request,
            _("The appointment was changed in the meantime; nothing was saved. Please check it again."),
        )
    else:
        message = SUCCESS[action]()
        if changed.status == Status.CANCELLED_LATE:
            message = _("The appointment was cancelled late by the client (within the notice period).")
        messages.success(request, message)
    return redirect(back)
