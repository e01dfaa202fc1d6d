"""The questionnaire before the first visit (issue 18): the therapist sends it, the client fills it
in through a one-time link.

The public page is the link's token and nothing else: no log-in, never cached, not indexed, no
referrer, a rate limit per address, and it never shows anything stored (not even the client's
name): a blank form in the client's language. An expired, used or unknown link answers a page in
German and English (410, 404) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.conf import conf
from triggerfinder.forms.questionnaires import QuestionnaireForm
from triggerfinder.models import AccessLogEntry
from triggerfinder.security import audit
from triggerfinder.security.throttle import QUESTIONNAIRE_GROUP, finder_rate_limit
from triggerfinder.selectors.clients import client_get
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.questionnaires import questionnaire_for_token
from triggerfinder.services import guards
from triggerfinder.services.messaging import outbox
from triggerfinder.services.questionnaires import (
    QuestionnaireError,
    QuestionnaireInvalid,
    questionnaire_create,
    questionnaire_submit,
    questionnaire_url,
)
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view

UNAVAILABLE = "triggerfinder/questionnaire/unavailable.html"


def _private(response: HttpResponse) -> HttpResponse:
    """The link is a secret: no search engine keeps the page, no other site learns the address."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is a secret: no other site may learn it. "same-origin", not "no-referrer": with
    # "no-referrer" a browser posts the page's forms with "Origin: null", which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return _private(render(request, UNAVAILABLE, {"reason": "rate"}, status=429))


def _unavailable(request: HttpRequest, error: QuestionnaireError) -> HttpResponse:
    invalid = isinstance(error, QuestionnaireInvalid)
    reason = "invalid" if invalid else "gone"
    return _private(render(request, UNAVAILABLE, {"reason": reason}, status=404 if invalid else 410))


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@finder_rate_limit(_too_many, group=QUESTIONNAIRE_GROUP, rate=lambda: conf.QUESTIONNAIRE_RATE_LIMIT)
def questionnaire_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = questionnaire_for_token(token)
    except QuestionnaireError as error:
        return _unavailable(request, error)
    # The client's language is the one thing of the record the page uses, and it shows nothing of it.
    language = found.client.preferred_language or "de"
    translation.activate(language)
    request.LANGUAGE_CODE = language
    snapshot = knowledge_snapshot()
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireForm(data, snapshot=snapshot, today=timezone.localdate(), language=language)
    if data is not None and form.is_valid():
        try:
            questionnaire_submit(token=token, answers=form.answers())
        except QuestionnaireError as error:
            return _unavailable(request, error)
        return _private(render(request, "triggerfinder/questionnaire/done.html"))
    context: dict[str, Any] = {
        "form": form,
        "body_views": [VIEWS["front"], VIEWS["back"]],
        "region_names": {slug: region.name.get(language) for slug, region in snapshot.regions.items()},
        "highlighted": set(form["region"].value() or []),
    }
    return _private(render(request, "triggerfinder/questionnaire/page.html", context))


@practice_view("change_client", ("POST",))
def questionnaire_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new questionnaire for the client; its link is shown in this answer only, never again (the
    older unanswered link stops working)."""
    client = client_get(user=request.user, pk=pk)
    guards.ensure_writable(client)
    audit.record_access(request, client, AccessLogEntry.Action.EDIT)
    questionnaire, token = questionnaire_create(client=client, by=request.user)
    context = {
        "client": client,
        "questionnaire": questionnaire,
        "url": request.build_absolute_uri(questionnaire_url(token, client.preferred_language)),
    }
    return render(request, "triggerfinder/questionnaire/sent.html", context)


@practice_view("change_client", ("POST",))
def questionnaire_email(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new questionnaire for the client, e-mailed in a moment by a background worker (for a
    client who agreed to e-mail messages); the link is made when it is sent and never shown."""
    client = client_get(user=request.user, pk=pk)
    guards.ensure_writable(client)
    if not client.may_receive_messages:
        messages.error(request, _("The client has not agreed to e-mail messages: send the link yourself."))
        return redirect(client.get_absolute_url())
    audit.record_access(request, client, AccessLogEntry.Action.EDIT)
    outbox.questionnaire_email(client=client, by=request.user)
    messages.success(
        request, _("The questionnaire is e-mailed to %(email)s in a moment.") % {"email": client.email}
    )
    return redirect(client.get_absolute_url())
