"""Thin views: parse the request, call selectors and services, render.

Every view checks log-in itself, so the app stays closed in a host project that does not use
LoginRequiredMiddleware.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.conf import conf
from triggerfinder.core import gate, planning
from triggerfinder.core import questionnaire as questionnaire_rules
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.forms.clients import ClientForm, ClientSearchForm
from triggerfinder.forms.findings import FindingForm, FindingResolveForm
from triggerfinder.models import AccessLogEntry, EditConflict, Questionnaire
from triggerfinder.presentation.book import BookRow, book_rows
from triggerfinder.presentation.decisions import decision_dict, finding_choices
from triggerfinder.presentation.progress import change_text, progress_chart
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar_views import appointments_between
from triggerfinder.selectors.clients import client_get, client_intakes, client_progress, recent_clients
from triggerfinder.selectors.clients import client_list as visible_client_list
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.messaging import messages_failed_count
from triggerfinder.selectors.plans import client_plans
from triggerfinder.selectors.questionnaires import questionnaire_state
from triggerfinder.services import clients, guards
from triggerfinder.services.consent import message_consent_record, message_consent_withdraw
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


@never_cache
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    recent = []
    today = timezone.localdate()
    appointments: list[BookRow] = []
    if request.user.has_perm("triggerfinder.view_client"):
        recent = decisions.annotate_decisions(recent_clients(user=request.user, limit=8))
        entries = appointments_between(user=request.user, first=today, last=today, therapist=request.user.pk)
        shown = decisions.annotate_decisions([entry.appointment.client for entry in entries])
        audit.record_accesses(request, shown, AccessLogEntry.Action.VIEW)
        appointments = book_rows(entries, back=request.get_full_path())
    return render(
        request,
        "triggerfinder/home.html",
        {
            "recent_clients": recent,
            "search_form": ClientSearchForm(),
            "today": today,
            "appointments": appointments,
            "back": request.get_full_path(),
            "can_change": request.user.has_perm("triggerfinder.change_client"),
            "failed_messages": messages_failed_count()
            if request.user.has_perm("triggerfinder.view_outgoingmessage")
            else 0,
        },
    )


@practice_view("view_client")
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    clients = visible_client_list(user=request.user, query=query)
    page = Paginator(clients, conf.CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = decisions.annotate_decisions(page.object_list)
    return render(
        request,
        "triggerfinder/clients/list.html",
        {"page": page, "search_form": form, "query": query},
    )


@practice_view("view_client")
def client_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    audit.record_access(request, client, AccessLogEntry.Action.VIEW)
    progress = client_progress(client, today=timezone.localdate())
    language = (get_language() or "de")[:2]
    snapshot = knowledge_snapshot()
    decision, screening = decisions.client_screening(client)
    for row in screening:
        # Attributes for the template, set on the finding rows it lists.
        resolvable = row.resolved_at is None and gate.may_resolve(decision, row.pk)
        row.resolvable = resolvable  # type: ignore[attr-defined]
        row.resolve_form = (  # type: ignore[attr-defined]
            FindingResolveForm(versioned=row, fresh=True, auto_id=f"id_resolve_{row.pk}_%s")
            if resolvable
            else None
        )
    questionnaire, review = questionnaire_state(client)
    context = {
        "client": client,
        "verdict": decision_dict(decision, language, snapshot),
        "screening": screening,
        "finding_form": FindingForm(choices=finding_choices(snapshot, language)),
        "plans": client_plans(client),
        "intakes": client_intakes(client),
        "progress": progress,
        "change_text": change_text(progress["change"]) if progress["change"] else "",
        "chart": progress_chart(progress["since_intake"], progress["baseline"]),
        "body_views": [VIEWS["front"], VIEWS["back"]],
        "region_names": {slug: r.name.get(language) for slug, r in snapshot.regions.items()},
        "questionnaire": questionnaire,
        "questionnaire_review": review,
        "draft_warnings": _draft_warnings(review, snapshot, language),
        "now": timezone.now(),
    }
    return render(request, "triggerfinder/clients/detail.html", context)


def _draft_warnings(
    review: Questionnaire | None, snapshot: KnowledgeSnapshot, language: str
) -> dict[str, Any] | None:
    """A waiting questionnaire whose answers name a red flag: the gate decides from them as from a
    typed intake (the live preview's path), so the therapist sees it before opening the draft."""
    if review is None:
        return None
    answers = review.answers
    said_yes = [slug for slug, yes in questionnaire_rules.screening_of(answers).items() if yes]
    decision = planning.intake_decision(
        snapshot,
        contraindications=[slug for slug in said_yes if slug in snapshot.contraindications],
        regions=[slug for slug in questionnaire_rules.regions_of(answers) if slug in snapshot.regions],
        today=timezone.localdate(),
    )
    if not decision.blocked:
        return None
    labels = [snapshot.contraindications[f.slug].label.get(language) for f in decision.uncovered]
    return {"emergency": decision.emergency, "labels": labels}


@practice_view("add_client", ("GET", "POST"))
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        therapist = fields.pop("therapist", request.user)
        client = clients.client_create(therapist=therapist, **fields)
        messages.success(request, _("Client %(name)s was created.") % {"name": client.full_name})
        return redirect(client)
    return render(request, "triggerfinder/clients/form.html", {"form": form, "client": None})


@practice_view("change_client", ("GET", "POST"))
def client_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    guards.ensure_writable(client)
    audit.record_access(request, client, AccessLogEntry.Action.EDIT)
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            clients.client_update(client=client, **form.cleaned_data)
        except EditConflict as conflict:
            form.add_conflict(conflict)
        else:
            messages.success(request, _("Changes to %(name)s were saved.") % {"name": client.full_name})
            return redirect(client)
    return render(request, "triggerfinder/clients/form.html", {"form": form, "client": client})


@practice_view("delete_client", ("POST",))
def client_restrict(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    if client.restricted_at is not None:
        messages.info(request, _("This record was restricted already; nothing changed."))
        return redirect("triggerfinder:client-list")
    clients.client_restrict(client=client, user=request.user)
    audit.record_access(request, client, AccessLogEntry.Action.RESTRICT)
    messages.success(
        request,
        _(
            "The record of %(name)s is now restricted: read-only, hidden from every list, and removed once the retention period has passed."
        )
        % {"name": client.full_name},
    )
    return redirect("triggerfinder:client-list")


@practice_view("change_client", ("POST",))
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    if client.consent_withdrawn_at is not None:
        messages.info(request, _("The withdrawal of consent was recorded already; nothing changed."))
        return redirect(client)
    clients.consent_withdraw(client=client, user=request.user)
    audit.record_access(request, client, AccessLogEntry.Action.CONSENT_WITHDRAWN)
    messages.success(
        request, _("The withdrawal of consent was recorded. No new health data can be recorded.")
    )
    return redirect(client)


@practice_view("change_client", ("POST",))
def messages_consent_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The client agreed to e-mail messages between visits (reminders); again after a withdrawal."""
    client = client_get(user=request.user, pk=pk)
    if client.messages_consent_at is not None and client.messages_withdrawn_at is None:
        messages.info(request, _("The consent to e-mail messages was recorded already; nothing changed."))
        return redirect(client)
    client = message_consent_record(client=client, by=request.user)
    audit.record_access(request, client, AccessLogEntry.Action.MESSAGES_CONSENT)
    messages.success(request, _("The consent to e-mail messages was recorded."))
    return redirect(client)


@practice_view("change_client", ("GET", "HEAD", "POST"))
def messages_consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: what a withdrawal means, with the button; POST: recorded (the client said so to the
    practice; by the link in an e-mail they do it themselves, ``views.links``)."""
    client = client_get(user=request.user, pk=pk)
    if client.messages_withdrawn_at is not None:
        messages.info(request, _("The withdrawal of e-mail messages was recorded already; nothing changed."))
        return redirect(client)
    if request.method != "POST":
        audit.record_access(request, client, AccessLogEntry.Action.VIEW)  # the page names the client
        return render(request, "triggerfinder/clients/messages_withdraw.html", {"client": client})
    client = message_consent_withdraw(client=client, by=request.user)
    audit.record_access(request, client, AccessLogEntry.Action.MESSAGES_WITHDRAWN)
    messages.success(request, _("The withdrawal was recorded: the client gets no more e-mail messages."))
    return redirect(client)


@practice_view("view_client")
def client_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything stored about the client (Art. 15 and 20 GDPR), as JSON or a readable PDF."""
    from triggerfinder.services.privacy import export, pdf

    client = client_get(user=request.user, pk=pk)
    audit.record_access(request, client, AccessLogEntry.Action.EXPORT)
    if fmt == "pdf":
        response = HttpResponse(
            pdf.client_export_pdf(client, (get_language() or "de")[:2]), content_type="application/pdf"
        )
    else:
        response = HttpResponse(
            export.client_export_json(client), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-export.{fmt}"'
    return response
