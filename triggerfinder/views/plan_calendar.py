"""A plan's appointments as an iCalendar file for the client's calendar (only what the safety gate
lets through: an accepted plan, no uncleared red flag, no date inside a postponement).

The appointments booked for the plan, at their real times and rooms, cancelled ones marked
cancelled, each with a UID that stays and a SEQUENCE that goes up with every change, so a calendar
that imports the file again updates its entries. A plan without any appointment (from before the
appointment book) still gives its planned dates at the plan's session time.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from triggerfinder.conf import conf
from triggerfinder.models import AccessLogEntry, TreatmentPlan
from triggerfinder.presentation import calendars
from triggerfinder.presentation.ics import calendar_ics
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar_export import plan_appointments
from triggerfinder.selectors.plans import plan_calendar_sessions, plan_get
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


@practice_view("view_client")
def plan_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    decision = decisions.client_decision(plan.client)
    if plan.status != TreatmentPlan.Status.ACCEPTED or not decision.may_export_calendar:
        messages.error(
            request,
            _("Only an accepted plan without an uncleared red flag can be exported to a calendar.")
            if decision.may_export_calendar
            else _("The client's screening has a red flag without medical clearance: no calendar export."),
        )
        return redirect(plan)
    audit.record_access(request, plan.client, AccessLogEntry.Action.CALENDAR)
    zone = timezone.get_default_timezone()
    with translation.override(plan.client.preferred_language):
        booked = plan_appointments(plan)
        if booked:
            events = calendars.plan_appointment_events(booked, decision)
        else:
            events = calendars.planned_session_events(plan, plan_calendar_sessions(plan), decision, zone)
        name = _("Treatment dates")
    body = calendar_ics(
        events,
        calendar_name=f"{name} · {conf.PRACTICE_NAME}",
        stamp=timezone.now(),
        timezone_name=str(zone),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.ics"'
    return response
