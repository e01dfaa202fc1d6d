"""Handout downloads: one client's PDF, or a ZIP for several clients or one day's appointments."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from triggerfinder.core import bounds
from triggerfinder.forms.fields import parse_id
from triggerfinder.handout.export import client_handout_pdf, handout_filename, handouts_zip
from triggerfinder.models import AccessLogEntry, Client, SecurityEvent
from triggerfinder.security import audit
from triggerfinder.selectors.clients import client_get, clients_by_id, clients_exist, clients_with_sessions_on
from triggerfinder.services import guards
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


@practice_view("view_client")
def client_handout(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    guards.ensure_writable(client)  # a restricted record is not processed any more
    language = (
        request.GET.get("lang", "") if request.GET.get("lang") in ("de", "en") else client.preferred_language
    )
    pdf = client_handout_pdf(client, language=language, today=timezone.localdate())
    if pdf is None:
        messages.error(request, _("There is no treatment plan yet: record an intake first."))
        return redirect(client)
    audit.record_access(request, client, AccessLogEntry.Action.HANDOUT)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout_filename(client, language)}"'
    return response


@practice_view("view_client")
def handout_batch(request: AuthenticatedRequest) -> HttpResponseBase:
    """?client=1&client=2 for chosen clients, or ?day=2026-12-01 (default today) for a day's appointments."""
    today = timezone.localdate()
    chosen = [pk for pk in map(parse_id, request.GET.getlist("client")) if pk is not None][
        : bounds.HANDOUT_BATCH.high
    ]
    if chosen:
        clients = clients_by_id(user=request.user, pks=chosen)
        hidden = set(chosen) - {client.pk for client in clients}
        if hidden and clients_exist(hidden):
            audit.record_event(SecurityEvent.Kind.PROBE, request=request, user=request.user)
        name = "handouts.zip"
    else:
        try:
            day = datetime.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else today
        except ValueError:
            messages.error(request, _("That is not a date; use the form YYYY-MM-DD."))
            return redirect("triggerfinder:client-list")
        clients = clients_with_sessions_on(user=request.user, day=day)
        name = f"handouts-{day.isoformat()}.zip"
    # A restricted record is not processed any more, nor one whose client withdrew consent: left
    # out, and said so in the ZIP by id (docs/security.md).
    records = list(clients)
    printable = [client for client in records if not client.is_locked]
    left_out = [
        (
            _("Client no. %(id)s: the record is restricted.")
            if client.restricted_at is not None
            else _("Client no. %(id)s: the client withdrew consent.")
        )
        % {"id": client.pk}
        for client in records
        if client.is_locked
    ]
    if not printable:
        if left_out:
            messages.info(
                request,
                _("Nothing to print: the chosen records are restricted or the clients withdrew consent."),
            )
        else:
            messages.info(
                request, _("No client with a treatment plan was chosen, so there is nothing to print.")
            )
        return redirect("triggerfinder:client-list")

    def exported(client: Client) -> None:
        audit.record_access(request, client, AccessLogEntry.Action.HANDOUT)

    response = StreamingHttpResponse(
        handouts_zip(
            printable,
            today=today,
            left_out=left_out,
            no_plan_text=_("Client no. %(id)s: there is no treatment plan yet."),
            on_exported=exported,
        ),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
