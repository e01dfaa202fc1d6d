"""Recording treatment sessions, and marking planned sessions missed or moved."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.forms.fields import parse_id
from triggerfinder.forms.plans import plan_date_field
from triggerfinder.forms.sessions import (
    SessionNotesForm,
    SessionRegionForm,
    TreatedMuscleFormSet,
    TreatmentSessionForm,
)
from triggerfinder.models import AccessLogEntry, EditConflict, PlannedSession
from triggerfinder.presentation.decisions import decision_dict, too_early_text
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.clients import client_get, first_intake, intake_regions
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.plans import handout_plan, plan_focus_slugs
from triggerfinder.selectors.sessions import open_planned_sessions, planned_session_get, session_get
from triggerfinder.services import guards, sessions
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


def _language() -> str:
    return (get_language() or "de")[:2]


@practice_view("change_client", ("GET", "POST"))
def session_create(request: AuthenticatedRequest, client_pk: int) -> HttpResponse:
    client = client_get(user=request.user, pk=client_pk)
    guards.ensure_writable(client)
    audit.record_access(request, client, AccessLogEntry.Action.EDIT)  # the page shows the screening
    snapshot = knowledge_snapshot()
    language = _language()
    open_sessions = open_planned_sessions(client)
    intake = first_intake(client)
    plan = handout_plan(client)
    decision = decisions.client_decision(client)
    # Never filled in for a client the gate blocks, nor a muscle a caution excludes.
    focus = decision.treatable_muscles(plan_focus_slugs(plan)) if plan else []
    latest_intake = decisions.latest_intake(client)
    region_rows = [
        (slug, snapshot.regions[slug].name.get(language))
        for slug in (intake_regions(latest_intake) if latest_intake else {})
        if slug in snapshot.regions
    ]
    muscle_choices = sorted(
        ((s, m.name.get(language)) for s, m in snapshot.muscles.items()), key=lambda c: c[1]
    )
    data = request.POST if request.method == "POST" else None
    wanted = request.GET.get("planned", "")
    form = TreatmentSessionForm(
        data,
        open_sessions=open_sessions,
        not_before=intake.recorded_at if intake else None,
        initial={
            "submission_key": uuid.uuid4(),
            "held_at": timezone.localtime().replace(second=0, microsecond=0),
            "planned_session": parse_id(wanted) or "",
            "duration_minutes": plan.session_minutes if plan else 60,
        },
    )
    muscles = TreatedMuscleFormSet(
        data,
        prefix="muscles",
        initial=[{"muscle": slug} for slug in focus],
        form_kwargs={"muscle_choices": muscle_choices},
    )
    regions = SessionRegionForm(data, prefix="regions", regions=region_rows)
    if request.method == "POST" and form.is_valid() & muscles.is_valid() & regions.is_valid():
        treated = [
            (row["muscle"], row["side"], row["findings"])
            for row in muscles.cleaned_data
            if row and row.get("muscle")
        ]
        session_input = sessions.SessionInput(
            held_at=form.cleaned_data["held_at"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            pain_before=form.cleaned_data["pain_before"],
            pain_after=form.cleaned_data["pain_after"],
            feedback=form.cleaned_data["feedback"],
            subjective=form.cleaned_data["subjective"],
            objective=form.cleaned_data["objective"],
            assessment=form.cleaned_data["assessment"],
            soap_plan=form.cleaned_data["soap_plan"],
            muscles=list(dict.fromkeys(treated)),
            regions=regions.intensities(),
            submission_key=form.cleaned_data["submission_key"],
        )
        try:
            _session, created = sessions.session_record(
                user=request.user,
                client=client,
                data=session_input,
                planned=form.cleaned_data["planned_session"],
            )
        except sessions.SessionAlreadyRecordedError:
            form.add_error("planned_session", _("This planned session has already been recorded."))
        except sessions.SessionRefusedError as refused:
            decision = refused.decision
            form.add_error(None, refusal_text(refused, snapshot, language))
        else:
            if created:
                messages.success(request, _("The session was recorded."))
            else:
                messages.info(request, _("This session had already been recorded; nothing was saved twice."))
            return redirect(client)
    context = {
        "client": client,
        "form": form,
        "muscles": muscles,
        "regions": regions,
        "verdict": decision_dict(decision, language, snapshot),
    }
    return render(request, "triggerfinder/sessions/form.html", context)


def refusal_text(refused: sessions.SessionRefusedError, snapshot: KnowledgeSnapshot, language: str) -> str:
    """Why the gate allows no session, in the user's language."""
    decision = refused.decision
    if decision.blocked:
        return _(
            "No session can be recorded: the screening has a red flag without medical clearance "
            "(%(findings)s). Record the clearance on the plan first."
        ) % {"findings": "; ".join(f.contraindication.label.get(language) for f in decision.uncovered)}
    if refused.muscles:
        return _("The screening excludes treating: %(muscles)s.") % {
            "muscles": ", ".join(
                snapshot.muscles[slug].name.get(language) if slug in snapshot.muscles else slug
                for slug in refused.muscles
            )
        }
    if decision.waiting:
        return _(
            "No session while this is current: %(findings)s. Mark it resolved on the client's page once it has passed."
        ) % {"findings": "; ".join(f.contraindication.label.get(language) for f in decision.waiting)}
    assert decision.not_before is not None  # neither blocked nor waiting: refused for a postponement
    return _("A finding postpones the treatment: no session before %(day)s.") % {
        "day": formats.date_format(decision.not_before, "DATE_FORMAT")
    }


@practice_view("change_client", ("GET", "POST"))
def session_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = session_get(user=request.user, pk=pk)
    client = session.client
    guards.ensure_writable(client)
    audit.record_access(request, client, AccessLogEntry.Action.EDIT)  # the SOAP notes
    intake = first_intake(client)
    form = SessionNotesForm(
        request.POST or None, instance=session, not_before=intake.recorded_at if intake else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_correct(session=session_get(user=request.user, pk=pk), **form.cleaned_data)
        except EditConflict as conflict:
            form.add_conflict(conflict)
        else:
            messages.success(request, _("The correction was saved; the earlier entry stays in the history."))
            return redirect(client)
    return render(
        request, "triggerfinder/sessions/correct.html", {"client": client, "session": session, "form": form}
    )


@practice_view("change_client", ("POST",))
def planned_session_mark(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = planned_session_get(user=request.user, pk=pk)
    status = request.POST.get("status", "")
    new_date = None
    if status == PlannedSession.Status.MOVED:
        try:
            new_date = plan_date_field(datetime.date.fromisoformat(request.POST.get("date", "")))
        except (ValueError, ValidationError):
            messages.error(
                request, _("Give the new date to move the session to, from a year ago to two years ahead.")
            )
            return redirect(session.plan)
    try:
        sessions.planned_session_mark(session=session, status=status, new_date=new_date)
    except guards.TooEarlyError as early:
        messages.error(request, too_early_text(early.not_before))
    except ValueError:
        messages.error(request, _("That change is not possible for a planned session."))
    else:
        messages.success(request, _("The planned session was updated."))
    return redirect(session.plan)
