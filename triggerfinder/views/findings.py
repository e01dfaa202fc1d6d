"""The client's screening between intakes: record a new finding, or mark one resolved."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder.forms.findings import FindingForm, FindingResolveForm
from triggerfinder.models import EditConflict
from triggerfinder.presentation.decisions import finding_choices
from triggerfinder.selectors.clients import client_get
from triggerfinder.selectors.findings import contraindication_get, finding_get
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services import findings
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


@practice_view("change_client", ("POST",))
def finding_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=pk)
    language = (get_language() or "de")[:2]
    form = FindingForm(request.POST, choices=finding_choices(knowledge_snapshot(), language))
    if not form.is_valid():
        messages.error(request, _("Choose the finding to record."))
        return redirect(client)
    # Decisions read the database, not the cached snapshot that listed the choices.
    contraindication = contraindication_get(form.cleaned_data["contraindication"])
    findings.finding_record(
        client=client, contraindication=contraindication, user=request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        _("“%(finding)s” was recorded; the screening above includes it now.")
        % {"finding": getattr(contraindication, f"label_{language}")},
    )
    return redirect(client)


@practice_view("change_client", ("POST",))
def finding_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    finding = finding_get(user=request.user, pk=pk)
    form = FindingResolveForm(request.POST, versioned=finding)
    if not form.is_valid():
        messages.error(request, _("Say why the finding is resolved."))
        return redirect(finding.client)
    try:
        findings.finding_resolve(
            finding=finding,
            user=request.user,
            note=form.cleaned_data["resolution_note"],
            version=form.cleaned_data["version"],
        )
    except EditConflict:
        messages.error(request, _("Someone changed this finding meanwhile; please look again."))
    except findings.FindingNotResolvableError:
        messages.error(
            request,
            _("A red flag is not ticked off: a doctor's clearance covers it (record it on the plan)."),
        )
    else:
        messages.success(request, _("The finding was marked resolved; the history keeps it."))
    return redirect(finding.client)
