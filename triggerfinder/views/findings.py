"""The client's screening between intakes: record a new finding, or mark one resolved."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder import selectors
from triggerfinder.forms.findings import FindingForm, FindingResolveForm
from triggerfinder.models import Client, Contraindication, EditConflict, Finding
from triggerfinder.presentation.decisions import finding_choices
from triggerfinder.security.roles import client_visibility
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services import findings
from triggerfinder.views.decorators import practice_view


@practice_view("change_client", ("POST",))
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get(user=request.user, pk=pk)
    language = (get_language() or "de")[:2]
    form = FindingForm(request.POST, choices=finding_choices(knowledge_snapshot(), language))
    if not form.is_valid():
        messages.error(request, _("Choose the finding to record."))
        return redirect(client)
    # Decisions read the database, not the cached snapshot that listed the choices.
    contraindication = get_object_or_404(Contraindication, slug=form.cleaned_data["contraindication"])
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
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Finding.objects.filter(client__in=Client.objects.filter(client_visibility(request.user)))
    finding = selectors.visible_or_404(visible.select_related("client"), pk)
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
