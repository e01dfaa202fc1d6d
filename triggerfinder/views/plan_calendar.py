"""A plan's dates as an iCalendar file for the client's calendar (only what the safety gate lets
through: an accepted plan, no uncleared red flag, no date inside a postponement)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from triggerfinder.conf import conf
from triggerfinder.core.calendar import CalendarEvent, calendar_ics
from triggerfinder.models import AccessLogEntry, PlannedSession, TreatmentPlan
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
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
    language = plan.client.preferred_language
    practice = slugify(conf.PRACTICE_NAME) or "practice"
    events = []
    with translation.override(language):
        total = plan.cycle_length
        for session in plan_calendar_sessions(plan):
            if not decision.start_allowed(session.date):
                continue  # inside a postponement the client came back with: no appointment then
            if session.kind == PlannedSession.Kind.CYCLE:
                summary = _("Trigger-point treatment %(number)d of %(total)d") % {
                    "number": session.number,
                    "total": total,
                }
            else:
                summary = _("Trigger-point maintenance visit")
            events.append(
                CalendarEvent(
                    uid=f"{session.kind}-{session.number}.plan-{plan.pk}@{practice}.triggerfinder",
                    start=datetime.datetime.combine(session.date, plan.session_time, tzinfo=zone),
                    duration=datetime.timedelta(minutes=plan.session_minutes),
                    summary=summary,
                    location=conf.PRACTICE_NAME,
                )
            )
        name = _("Treatment dates")
    body = calendar_ics(
        events, calendar_name=f"{name} · {conf.PRACTICE_NAME}", stamp=plan.created_at, timezone_name=str(zone)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.ics"'
    return response
