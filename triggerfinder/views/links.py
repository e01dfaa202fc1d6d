"""The client's pages behind the signed links in e-mails (issue 18): confirm or cancel one
appointment, and stop e-mail messages.

Public (no log-in: the signed link is the credential, ``security.links``), never cached, not for
search engines, and no referrer leaves them (the link is in the address). They show only what
the client needs: the appointment's time, place and therapist, or nothing but the practice's
name; never a finding, a muscle or a note. Each page speaks the client's language; a link that
names nobody speaks German and English. A post that changes something counts against
``TRIGGERFINDER_LINK_RATE_LIMIT``. Nothing changes on a refused link or a refused answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from triggerfinder.conf import conf
from triggerfinder.forms.links import AppointmentAnswerForm
from triggerfinder.models import Appointment, Client
from triggerfinder.security import links
from triggerfinder.security.throttle import links_over_rate
from triggerfinder.selectors.links import appointment_for_link, client_for_link
from triggerfinder.services import appointments as service
from triggerfinder.services.consent import message_consent_withdraw

Status = Appointment.Status
ONE_CLICK = "One-Click"  # RFC 8058: the body of a mail client's one-click unsubscribe


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, language: str, status: int = 200
) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, {"practice": _practice(), **context}, status=status)
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is a secret: no other site may learn it. "same-origin", not "no-referrer": with
    # "no-referrer" a browser posts the page's forms with "Origin: null", which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _practice() -> dict[str, str]:
    return {"name": conf.PRACTICE_NAME, "address": conf.PRACTICE_ADDRESS, "phone": conf.PRACTICE_PHONE}


def _refused(request: HttpRequest, *, expired: bool = False, too_many: bool = False) -> HttpResponse:
    """The page for a link that names nobody we may tell: in both languages, as we do not know
    whose it is (404 forged or gone, 410 over, 429 too many posts)."""
    status = 429 if too_many else 410 if expired else 404
    response = _page(
        request, "triggerfinder/links/refused.html", {"too_many": too_many}, language="de", status=status
    )
    if too_many:
        response["Retry-After"] = "60"
    return response


def _language(client: Client) -> str:
    return client.preferred_language or "de"


# The appointment's page


def _state(appointment: Appointment, now: datetime) -> str:
    if appointment.status in Appointment.CANCELLED:
        return "cancelled"
    if appointment.status != Status.BOOKED or appointment.start <= now:
        return "past"
    return "booked"


def _appointment_page(
    request: HttpRequest,
    appointment: Appointment,
    *,
    now: datetime,
    form: AppointmentAnswerForm | None = None,
    result: str = "",
    status: int = 200,
) -> HttpResponse:
    therapist = appointment.therapist
    context = {
        "appointment": appointment,
        "start": timezone.localtime(appointment.start),
        "end": timezone.localtime(appointment.end),
        # Never the log-in name: the page is public.
        "therapist_name": therapist.get_full_name(),
        "room_name": appointment.room.name if appointment.room else "",
        "state": _state(appointment, now),
        "late": service.is_late(appointment, now),
        "notice_hours": service.notice_hours(),
        "form": form or AppointmentAnswerForm(),
        "result": result,
    }
    return _page(
        request,
        "triggerfinder/links/appointment.html",
        context,
        language=_language(appointment.client),
        status=status,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_link(request: HttpRequest, token: str) -> HttpResponse:
    """The appointment's time, place and therapist; POST ``action=confirm`` or ``action=cancel``
    (with an optional ``reason``). Within the notice for a late cancellation the page offers no
    cancellation but the practice's phone."""
    if request.method == "POST" and links_over_rate(request):
        return _refused(request, too_many=True)
    now = timezone.now()
    try:
        pk = links.read_appointment_token(token, now=now)
    except links.LinkExpired as over:
        # A genuine link of an appointment that has begun: its page says so, in the client's language.
        begun = appointment_for_link(over.appointment_pk) if over.appointment_pk else None
        if begun is None:
            return _refused(request, expired=True)
        return _appointment_page(request, begun, now=now, status=410)
    except links.LinkInvalid:
        return _refused(request)
    appointment = appointment_for_link(pk)
    if appointment is None:
        return _refused(request)
    if request.method != "POST":
        return _appointment_page(request, appointment, now=now)
    return _answer(request, appointment, now)


def _answer(request: HttpRequest, appointment: Appointment, now: datetime) -> HttpResponse:
    with translation.override(_language(appointment.client)):  # the form's messages
        form = AppointmentAnswerForm(request.POST)
        valid = form.is_valid()
    if not valid:
        return _appointment_page(request, appointment, now=now, form=form, status=400)
    if _state(appointment, now) != "booked":
        return _appointment_page(request, appointment, now=now, status=409)
    action = form.cleaned_data["action"]
    try:
        if action == "confirm":
            appointment = service.appointment_confirm(appointment=appointment, now=now)
        elif service.is_late(appointment, now):
            # Refused here, not only left off the page: within the notice the client calls.
            return _appointment_page(request, appointment, now=now, status=409)
        else:
            service.appointment_cancel(
                appointment=appointment, by_client=True, reason=form.cleaned_data["reason"], now=now
            )
    except service.AppointmentStateError:  # changed by the practice a moment ago
        pass
    fresh = appointment_for_link(appointment.pk)
    if fresh is None:
        return _refused(request)
    done = {"confirm": fresh.confirmed_at is not None, "cancel": fresh.status in Appointment.CANCELLED}
    if not done[action]:
        return _appointment_page(request, fresh, now=now, status=409)
    return _appointment_page(
        request, fresh, now=now, result="confirmed" if action == "confirm" else "cancelled"
    )


# Stopping e-mail messages


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def messages_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """GET: one button (a mail scanner that follows the link stops nothing); POST: stopped.

    The one exception to the CSRF check: RFC 8058's one-click unsubscribe, which a mail client
    posts (``List-Unsubscribe=One-Click``) from its own servers, with no form and no cookie of
    ours. It can only stop messages, and only the signed link's client's, so a forged post from
    another site achieves no more than the link's holder could. Every other request goes through
    the CSRF check as usual (``csrf_protect`` below)."""
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        return _withdraw(request, token)
    return _withdraw_checked(request, token)


@csrf_protect
def _withdraw_checked(request: HttpRequest, token: str) -> HttpResponse:
    return _withdraw(request, token)


def _withdraw(request: HttpRequest, token: str) -> HttpResponse:
    posted = request.method == "POST"
    if posted and links_over_rate(request):
        return _refused(request, too_many=True)
    try:
        client = client_for_link(links.read_withdraw_token(token))
    except links.LinkExpired:
        return _refused(request, expired=True)
    except links.LinkInvalid:
        return _refused(request)
    if client is None:
        return _refused(request)
    if posted:
        client = message_consent_withdraw(client=client, by=None)
    context = {"withdrawn": client.messages_withdrawn_at is not None, "done": posted}
    return _page(request, "triggerfinder/links/messages_withdraw.html", context, language=_language(client))
