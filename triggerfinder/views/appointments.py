"""The appointment book's day and week views, and marking an appointment done, no-show or
cancelled (issue 17). Reads through ``selectors.calendar_views``, writes through
``services.appointments``; every client shown is in the access log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from triggerfinder.forms.fields import parse_id
from triggerfinder.models import AccessLogEntry, Appointment, EditConflict
from triggerfinder.presentation.book import BookRow, book_rows
from triggerfinder.presentation.slots import reason_texts
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar_views import (
    BookEntry,
    appointment_get,
    appointments_between,
    book_therapists,
    move_slots,
    week_start,
)
from triggerfinder.services import appointments as service
from triggerfinder.types import AuthenticatedRequest, User
from triggerfinder.views.decorators import practice_view

Status = Appointment.Status

# The actions of the status form: what the button says is done in the service.
ACTIONS = ("done", "no-show", "cancel-client", "cancel-practice")


def _columns(therapists: Sequence[User], rows: Sequence[BookRow]) -> list[dict[str, Any]]:
    """One column per therapist, each with its appointments in order."""
    by_therapist: dict[int, list[BookRow]] = {therapist.pk: [] for therapist in therapists}
    for row in rows:
        by_therapist.setdefault(row.therapist_id, []).append(row)
    return [{"therapist": therapist, "rows": by_therapist[therapist.pk]} for therapist in therapists]


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
        "can_change": request.user.has_perm("triggerfinder.change_client"),
    }
    return context, entries


def _render_book(request: AuthenticatedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The full page, or for htmx only its book region (``#tf-book``); varies on HX-Request."""
    context["book_template"] = template
    chosen = "triggerfinder/appointments/book_region.html" if request.htmx else template
    response = render(request, chosen, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _book_page(request: AuthenticatedRequest, first: date, last: date, *, week: bool) -> HttpResponse:
    """The day (``first`` == ``last``) or the week page: one column per therapist on a day, one
    per day in a week."""
    context, entries = _book_context(request, first, last)
    span = timedelta(days=7 if week else 1)
    rows = book_rows(entries, back=context["back"], compact=week)
    if week:
        by_day: dict[date, list[BookRow]] = {first + timedelta(days=offset): [] for offset in range(7)}
        for row in rows:
            by_day.setdefault(row.start.date(), []).append(row)
        columns = [{"day": day, "rows": day_rows} for day, day_rows in by_day.items()]
    else:
        columns = _columns(context["therapists"], rows)
    context.update(
        {
            "week": week,
            "day": first,
            "monday": first,
            "sunday": last,
            "previous": first - span,
            "next": first + span,
            "columns": columns,
            "count": len(entries),
        }
    )
    template = "week.html" if week else "day.html"
    return _render_book(request, f"triggerfinder/appointments/{template}", context)


@practice_view("view_client")
def appointment_day(request: AuthenticatedRequest, day: date | None = None) -> HttpResponse:
    day = day or timezone.localdate()
    return _book_page(request, day, day, week=False)


@practice_view("view_client")
def appointment_week(request: AuthenticatedRequest, day: date | None = None) -> HttpResponse:
    monday = week_start(day or timezone.localdate())
    return _book_page(request, monday, monday + timedelta(days=6), week=True)


def _back(request: AuthenticatedRequest, appointment: Appointment) -> str:
    """Where the form was sent from, if it is on this site; the appointment's day otherwise."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
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
    if action == "move":
        return _("This appointment is %(status)s: only a booked appointment can be moved.") % {
            "status": label
        }
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
        return _done(request, back)
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
    return _done(request, back)


def _done(request: AuthenticatedRequest, back: str) -> HttpResponse:
    """After a write: htmx reloads the book region from ``back`` (the messages with it); without
    script the browser is sent back there."""
    if request.htmx and not ("/appointments/day/" in back or "/appointments/week/" in back):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = back  # another page (home): no book region to swap
        return response
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Location"] = json.dumps(
            {"path": back, "target": "#tf-book", "select": "#tf-book", "swap": "outerHTML"}
        )
        return response
    return redirect(back)


def _panel(
    request: AuthenticatedRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The panel alone for htmx, inside a page of its own otherwise; varies on HX-Request."""
    context["panel_template"] = template
    chosen = template if request.htmx else "triggerfinder/appointments/panel_page.html"
    response = render(request, chosen, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _move_context(
    request: AuthenticatedRequest, appointment: Appointment, day: date, back: str
) -> dict[str, Any]:
    found = move_slots(appointment=appointment, day=day, now=timezone.now())
    return {
        "appointment": appointment,
        "local_start": timezone.localtime(appointment.start),
        "move": found,
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "back": back,
        "booked": appointment.status == Status.BOOKED,
        "today": timezone.localdate(),
        "errors": [],
        "typed": {},
    }


@practice_view("change_client", ("GET", "HEAD", "POST"))
def appointment_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The move panel (GET: the free slots of a day) and the move itself (POST: a listed slot, or
    a date and time typed in; checked by the service like a new booking)."""
    appointment = appointment_get(user=request.user, pk=pk)
    back = _back(request, appointment)
    data = request.POST if request.method == "POST" else request.GET
    default = timezone.localtime(appointment.start).date()
    try:
        day = (
            date.fromisoformat(data.get("day", "") or data.get("date", ""))
            if (data.get("day") or data.get("date"))
            else default
        )
    except ValueError:
        day = default
    audit.record_access(request, appointment.client, AccessLogEntry.Action.VIEW)
    if request.method != "POST":
        return _panel(
            request,
            "triggerfinder/appointments/move_panel.html",
            _move_context(request, appointment, day, back),
        )
    errors: list[str] = []
    start = wanted_start(request.POST, errors)
    version = parse_id(request.POST.get("version", ""))
    if start is not None:
        audit.record_access(request, appointment.client, AccessLogEntry.Action.EDIT)
        try:
            service.appointment_move(appointment=appointment, start=start, version=version)
        except service.SlotConflictError as refused:
            errors = [_("This time cannot be booked:"), *reason_texts(refused.reasons)]
        except service.AppointmentStateError as refused:
            errors = [_refusal("move", str(refused))]
        except EditConflict:
            errors = [
                _("The appointment was changed in the meantime; nothing was saved. Please check it again.")
            ]
        except ValidationError as invalid:
            errors = [str(message) for message in invalid.messages]
        else:
            local = timezone.localtime(start)
            messages.success(
                request,
                _("The appointment was moved to %(day)s, %(time)s.")
                % {
                    "day": formats.date_format(local.date(), "SHORT_DATE_FORMAT"),
                    "time": local.strftime("%H:%M"),
                },
            )
            return _done(request, back)
        appointment = appointment_get(user=request.user, pk=pk)
        if start is not None:
            day = timezone.localtime(start).date()
    context = _move_context(request, appointment, day, back)
    context["errors"] = errors
    context["typed"] = {"date": request.POST.get("date", ""), "time": request.POST.get("time", "")}
    failed = 409 if start else 400
    return _panel(
        request, "triggerfinder/appointments/move_panel.html", context, status=200 if request.htmx else failed
    )


def wanted_start(data: Any, errors: list[str]) -> datetime | None:
    """The chosen slot's start (``slot``, ISO), or the date and time typed in; None with a message."""
    slot = data.get("slot", "")
    try:
        if slot:
            chosen = datetime.fromisoformat(slot)
        else:
            chosen = datetime.combine(
                date.fromisoformat(data.get("date", "")), time.fromisoformat(data.get("time", ""))
            )
    except ValueError:
        errors.append(_("Please choose a free time, or enter a date and a time (HH:MM)."))
        return None
    if timezone.is_naive(chosen):
        chosen = timezone.make_aware(chosen)
    return chosen


@practice_view("change_client")
def appointment_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation before a cancellation: what each kind of cancellation will record."""
    appointment = appointment_get(user=request.user, pk=pk)
    audit.record_access(request, appointment.client, AccessLogEntry.Action.VIEW)
    context = {
        "appointment": appointment,
        "local_start": timezone.localtime(appointment.start),
        "back": _back(request, appointment),
        "booked": appointment.status == Status.BOOKED,
        "late": service.is_late(appointment, timezone.now()),
        "notice_hours": service.notice_hours(),
    }
    return _panel(request, "triggerfinder/appointments/cancel_panel.html", context)
