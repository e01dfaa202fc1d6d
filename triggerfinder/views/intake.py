"""The intake page: client, pain map, screening and the suggested plan on one page."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django.contrib import messages
from django.forms import ChoiceField
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.conf import conf
from triggerfinder.core import planning
from triggerfinder.forms.clients import ClientForm
from triggerfinder.forms.fields import parse_id
from triggerfinder.forms.intake import IntakeForm, IntakePreviewForm, PlanInputsForm, answer_field
from triggerfinder.forms.questionnaires import contact_changes, intake_initial
from triggerfinder.models import AccessLogEntry
from triggerfinder.presentation.plans import proposal_dict
from triggerfinder.presentation.questionnaires import draft_dict
from triggerfinder.presentation.slots import preview_slot_rows
from triggerfinder.security import audit
from triggerfinder.selectors.calendar import practice_calendar
from triggerfinder.selectors.clients import client_get
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.plan_slots import search_slots
from triggerfinder.selectors.plans import intake_plan
from triggerfinder.selectors.questionnaires import questionnaire_for_review
from triggerfinder.services import guards, intakes
from triggerfinder.types import AuthenticatedRequest, User
from triggerfinder.views.decorators import practice_view


def _language() -> str:
    return (get_language() or "de")[:2]


def preview_for(form: PlanInputsForm, therapist: User | None = None) -> dict[str, Any] | None:
    """The suggested plan for valid inputs with at least one painful region, as plain data; with
    ``therapist``, each session's free slot in that therapist's book (``slots``: one read of the
    book; none at all when the gate blocks, nothing before its postpone date)."""
    if not form.is_valid() or not form.cleaned_data["regions"]:
        return None
    snapshot = form.snapshot
    calendar = practice_calendar()
    proposal = planning.propose(
        snapshot,
        regions=form.cleaned_data["regions"],
        duration_months=form.cleaned_data["duration_months"],
        factors=form.cleaned_data["factor"],
        contraindications=form.cleaned_data["contraindication"],
        today=form.today,
        start=form.cleaned_data["start"],
        calendar=calendar,
        now=timezone.localtime().time() if form.today == timezone.localdate() else None,
    )
    preview = proposal_dict(snapshot, proposal, _language())
    decision = proposal.decision
    if therapist is not None and preview["sessions"] and not decision.blocked:
        search = search_slots(
            therapist,
            [session.day for session in proposal.sessions],
            minutes=calendar.session_minutes,
            wishes=form.wishes(),
            not_before=decision.not_before,
            now=timezone.now(),
            offers=0,
        )
        if search is not None:
            preview["slots"] = preview_slot_rows(proposal.sessions, search.results)
    preview["slots_blocked"] = decision.blocked
    return preview


def _intake_data(form: IntakeForm) -> intakes.IntakeInput:
    data = form.cleaned_data
    return intakes.IntakeInput(
        regions=data["regions"],
        overall_pain=data["overall_pain"],
        duration_months=data["duration_months"],
        factors=data["factor"],
        answers=data["answers"],
        notes=data["notes"],
        start=data["start"],
        submission_key=data["submission_key"],
        wish_weekdays=frozenset(data["wish_weekdays"]),
        wish_after=data["wish_after"],
        wish_before=data["wish_before"],
    )


@practice_view(["add_client", "change_client"], ("GET", "POST"))
def intake_create(request: AuthenticatedRequest, client_pk: int | None = None) -> HttpResponse:
    client = client_get(user=request.user, pk=client_pk) if client_pk else None
    if client is not None:
        guards.ensure_writable(client)
        audit.record_access(request, client, AccessLogEntry.Action.EDIT)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    # The client's answers to the questionnaire, as a draft the therapist goes through (issue 18).
    pk = parse_id(request.POST.get("questionnaire") or request.GET.get("questionnaire", ""))
    draft = questionnaire_for_review(user=request.user, client_pk=client.pk, pk=pk) if client and pk else None
    form = IntakeForm(
        data,
        snapshot=knowledge_snapshot(),
        today=today,
        language=_language(),
        initial={**(intake_initial(draft.answers) if draft else {}), "submission_key": uuid.uuid4()},
    )
    client_form = None if client else ClientForm(data, user=request.user, prefix="client", embedded=True)
    if request.method == "POST":
        forms_valid = form.is_valid() & (client_form is None or client_form.is_valid())
        if forms_valid:
            client_fields = None
            therapist = request.user
            if client_form is not None:
                client_fields = dict(client_form.cleaned_data)
                therapist = client_fields.pop("therapist", request.user)
            try:
                intake, created = intakes.intake_create(
                    user=therapist if client is None else request.user,
                    data=_intake_data(form),
                    today=today,
                    now=timezone.localtime().time(),
                    client=client,
                    client_fields=client_fields,
                    questionnaire=draft,
                    contact=contact_changes(draft.answers, request.POST) if draft else None,
                )
            except intakes.ScreeningIncompleteError as incomplete:
                # The knowledge base gained a question while the page was open.
                for slug in incomplete.unanswered:
                    form.add_error(answer_field(slug), _("Answer yes or no."))
            else:
                plan = intake_plan(intake)
                assert plan is not None  # every intake proposes a plan
                if created:
                    messages.success(request, _("Intake saved. Please check the suggested plan."))
                else:
                    messages.info(request, _("This intake had already been saved; nothing was saved twice."))
                return redirect(plan)
    if request.method == "POST" and client_form is not None:
        # The page comes back with errors: the error summary takes the focus, not the first field.
        client_form.fields["first_name"].widget.attrs.pop("autofocus", None)
    context = {
        "form": form,
        "client_form": client_form,
        "client": client,
        "preview": preview_for(_preview_form(request, today), request.user) if form.is_bound else None,
        "body_views": [VIEWS["front"], VIEWS["back"]],
        "region_names": dict(_region_choices(form)),
        "highlighted": set(form["region"].value() or []),
        "consent_version": conf.CONSENT_VERSION,
        "draft": draft_dict(draft, client, form.snapshot, _language()) if draft else None,
        "taken": request.POST.getlist("take_contact"),
    }
    return render(request, "triggerfinder/intake/form.html", context)


def _region_choices(form: IntakeForm) -> list[tuple[str, str]]:
    """The region field's choices, a list of (slug, name) the form set from the snapshot."""
    return cast("list[tuple[str, str]]", cast(ChoiceField, form.fields["region"]).choices)


def _preview_form(request: AuthenticatedRequest, today: datetime.date) -> IntakePreviewForm:
    return IntakePreviewForm(request.POST, snapshot=knowledge_snapshot(), today=today, language=_language())


@practice_view("view_client", ("POST",))
def intake_preview(request: AuthenticatedRequest) -> HttpResponse:
    """The live preview while the intake is typed: computes, stores nothing."""
    form = _preview_form(request, timezone.localdate())
    return render(
        request,
        "triggerfinder/intake/preview.html",
        {"preview": preview_for(form, request.user), "form": form},
    )
