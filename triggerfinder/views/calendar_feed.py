"""The therapist's private calendar feed: the page that makes, shows once, replaces and revokes its
secret URL, and the URL itself, which a calendar app subscribes to without a log-in (issue 17).

The feed lists the therapist's appointments from a month back to half a year ahead: the time, the
room, the client's initials (full names with TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES), cancelled
ones as cancelled, and the treatment's place in the plan only where the safety gate allows it
(``Decision.calendar_feed``). Never a muscle, a finding, pain or notes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from triggerfinder.conf import conf
from triggerfinder.presentation import calendars
from triggerfinder.presentation.ics import calendar_ics
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar_export import feed_by_token, feed_entries, feed_of
from triggerfinder.services.calendar_feed import feed_issue, feed_revoke
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


@practice_view("view_client", methods=("GET", "HEAD", "POST"))
def feed_settings(request: AuthenticatedRequest) -> HttpResponse:
    """The feed's state; POST ``action=issue`` makes a new URL (shown in this answer only, never
    again), ``action=revoke`` ends the feed."""
    url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            token = feed_issue(user=request.user)
            url = request.build_absolute_uri(reverse("triggerfinder:calendar-feed", args=[token]))
        elif action == "revoke":
            if feed_revoke(user=request.user):
                messages.success(request, _("The calendar feed is revoked: its address no longer works."))
            return redirect("triggerfinder:calendar-feed-settings")
        else:
            messages.error(request, _("Choose what to do with the calendar feed."))
            return redirect("triggerfinder:calendar-feed-settings")
    context = {
        "feed": feed_of(request.user),
        "url": url,
        "full_names": conf.CALENDAR_FEED_FULL_NAMES,
    }
    return render(request, "triggerfinder/calendar_feed.html", context)


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: the secret in the URL is the credential; an unknown or revoked one is a 404."""
    found = feed_by_token(token)
    if found is None:
        raise Http404
    therapist = found.therapist
    entries = feed_entries(found, today=timezone.localdate())
    clients = [entry.appointment.client for entry in entries]
    # Only whether each client is blocked is needed, which the list decisions give in a few queries.
    shown = decisions.client_decisions(clients)
    audit.record_feed_access(therapist, clients)
    events = calendars.feed_events(entries, shown, full_names=conf.CALENDAR_FEED_FULL_NAMES is True)
    who = therapist.get_full_name() or therapist.get_username()
    body = calendar_ics(
        events,
        calendar_name=f"{_('Appointments')} · {who} · {conf.PRACTICE_NAME}",
        stamp=timezone.now(),
        timezone_name=str(timezone.get_default_timezone()),
        refresh_interval=calendars.FEED_REFRESH,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
