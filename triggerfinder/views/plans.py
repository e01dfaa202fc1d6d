"""The treatment plan: review, change while proposed, record clearance, accept, export dates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from triggerfinder.core import gate, planning
from triggerfinder.forms.findings import ClearanceForm
from triggerfinder.forms.plans import PlanActionForm, PlanRescheduleForm, SessionDatesForm
from triggerfinder.models import AccessLogEntry, EditConflict, PlannedSession, TreatmentPlan
from triggerfinder.presentation.decisions import decision_dict, too_early_text
from triggerfinder.presentation.plans import focus_dict
from triggerfinder.presentation.slots import reason_texts, session_slot_rows
from triggerfinder.security import audit
from triggerfinder.selectors import decisions
from triggerfinder.selectors.calendar import practice_calendar
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.plan_slots import plan_slots
from triggerfinder.selectors.plans import (
    plan_focus,
    plan_get,
    plan_regions,
    plan_screening_answers,
    plan_sessions,
    plan_unsaved_copy,
)
from triggerfinder.selectors.sessions import planned_session_get
from triggerfinder.services import booking, findings, guards, plans
from triggerfinder.services.appointments import SlotConflictError
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.appointments import wanted_start
from triggerfinder.views.decorators import practice_view


def _language() -> str:
    return (get_language() or "de")[:2]


def clearance_form(decision: gate.Decision, data: QueryDict | None = None) -> ClearanceForm:
    language = _language()
    return ClearanceForm(
        data,
        findings=[(f.key, f.contraindication.label.get(language)) for f in decision.uncovered],
        initial={"cleared_on": timezone.localdate()},
    )


CLEARANCE_MESSAGES = {
    "nothing": gettext_lazy("Tick the findings the doctor cleared."),
    "future": gettext_lazy("A clearance cannot lie in the future."),
    "before-finding": gettext_lazy(
        "The clearance is dated before a finding it names was recorded; it cannot cover that finding."
    ),
    "not-needed": gettext_lazy("A ticked finding needs no clearance any more; reload the page."),
}


def _plan_page(
    request: AuthenticatedRequest, plan: TreatmentPlan, *, status: int = 200, **forms: Any
) -> HttpResponse:
    snapshot = knowledge_snapshot()
    language = _language()
    decision = decisions.client_decision(plan.client)
    sessions = plan_sessions(plan)
    focus = []
    for rank, item in enumerate(plan_focus(plan), start=1):
        row = focus_dict(snapshot, item, rank, language)
        row["technique"] = decision.technique(item.muscle)
        row["excluded_by"] = ", ".join(
            c.label.get(language) for c in decision.excluded_muscles.get(item.muscle.slug, ())
        )
        focus.append(row)
    context = {
        "plan": plan,
        "client": plan.client,
        "verdict": decision_dict(decision, language, snapshot),
        "focus": focus,
        "regions": plan_regions(plan),
        "sessions": sessions,
        "cycle_count": sum(1 for s in sessions if s.kind == PlannedSession.Kind.CYCLE),
        "done_count": sum(
            1
            for s in sessions
            if s.kind == PlannedSession.Kind.CYCLE and s.status == PlannedSession.Status.DONE
        ),
        "blocked": decision.blocked,
        "screening_open": decision.screening_open,
        "unanswered_count": len(decision.unanswered),
        "screening_answers": plan_screening_answers(plan),
        "acute": planning.is_acute(plan.intake.duration_months),
        "may_export_calendar": plan.status == TreatmentPlan.Status.ACCEPTED and decision.may_export_calendar,
        "show_dates": decision.dates,
        "reschedule_form": forms.get("reschedule_form") or PlanRescheduleForm(instance=plan),
        "dates_form": forms.get("dates_form") or SessionDatesForm(sessions=sessions, versioned=plan),
        "clearance_form": forms.get("clearance_form") or clearance_form(decision),
        "booking": forms.get("booking") or {},
    }
    if decision.dates != "none":
        found = plan_slots(plan, decision=decision)
        context["slot_rows"] = session_slot_rows(found)
        context["slots_blocked"] = found.blocked
        context["slots_no_hours"] = found.no_hours
    return render(request, "triggerfinder/plans/detail.html", context, status=status)


@practice_view("view_client")
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    audit.record_access(request, plan.client, AccessLogEntry.Action.PLAN)
    return _plan_page(request, plan)


def _not_editable(request: AuthenticatedRequest, plan: TreatmentPlan) -> HttpResponse:
    messages.error(
        request,
        _("Only a proposed plan can be changed; this one is %(status)s.")
        % {"status": plan.get_status_display()},
    )
    return redirect(plan)


def _changed_meanwhile(
    request: AuthenticatedRequest, form: PlanActionForm, plan: TreatmentPlan
) -> HttpResponse:
    """Accept and cancel have nothing typed to keep: say what happened, show the saved plan."""
    for error in form.non_field_errors() or [_("The form was incomplete; please try again.")]:
        messages.error(request, str(error))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def plan_reschedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    if not plan.is_editable:
        return _not_editable(request, plan)
    form = PlanRescheduleForm(request.POST, instance=plan_unsaved_copy(plan))
    if not form.is_valid():
        return _plan_page(request, plan, reschedule_form=form)
    try:
        plans.plan_reschedule(plan=plan, **form.cleaned_data)
    except EditConflict as conflict:
        form.add_conflict(conflict)
        return _plan_page(request, plan_get(user=request.user, pk=pk), reschedule_form=form)
    except guards.TooEarlyError as early:
        form.add_error("start_date", too_early_text(early.not_before))
        return _plan_page(request, plan_get(user=request.user, pk=pk), reschedule_form=form)
    messages.success(request, _("The plan's dates were recalculated."))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def plan_dates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    if not plan.is_editable:
        return _not_editable(request, plan)
    form = SessionDatesForm(
        request.POST,
        sessions=plan_sessions(plan),
        calendar=practice_calendar(),
        versioned=plan,
    )
    if not form.is_valid():
        return _plan_page(request, plan, dates_form=form)
    try:
        plans.plan_set_dates(plan=plan, dates=form.dates(), version=form.cleaned_data["version"])
    except EditConflict as conflict:
        form.add_conflict(conflict)
        return _plan_page(request, plan_get(user=request.user, pk=pk), dates_form=form)
    except guards.TooEarlyError as early:
        form.add_error(None, too_early_text(early.not_before))
        return _plan_page(request, plan_get(user=request.user, pk=pk), dates_form=form)
    messages.success(request, _("The dates were saved."))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def plan_clearance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    form = clearance_form(decisions.client_decision(plan.client), request.POST)
    if not form.is_valid():
        return _plan_page(request, plan, clearance_form=form)
    try:
        findings.clearance_record(
            client=plan.client,
            user=request.user,
            cleared_on=form.cleaned_data["cleared_on"],
            note=form.cleaned_data["note"],
            findings=form.cleaned_data["findings"],
        )
    except findings.ClearanceRefusedError as refused:
        for problem in refused.problems:
            form.add_error(None, str(CLEARANCE_MESSAGES[problem]))
        return _plan_page(request, plan, clearance_form=form)
    messages.success(request, _("The medical clearance was recorded."))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def plan_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    form = PlanActionForm(request.POST, versioned=plan)
    if not form.is_valid():
        return _changed_meanwhile(request, form, plan)
    try:
        plans.plan_accept(plan=plan, user=request.user, version=form.cleaned_data["version"])
    except EditConflict as conflict:
        form.add_conflict(conflict)
        return _changed_meanwhile(request, form, plan)
    except plans.PlanBlockedError:
        messages.error(
            request,
            _(
                "The client's current screening has a red flag without medical clearance. Record the "
                "clearance (date, note and the findings it covers) before accepting."
            ),
        )
    except plans.ScreeningOpenError:
        messages.error(
            request,
            _(
                "Not every screening question of the intake was answered, so an unticked finding "
                "cannot be told from one not asked. Record a new intake and answer each question "
                "with yes or no before accepting."
            ),
        )
    except guards.TooEarlyError as early:
        messages.error(
            request,
            too_early_text(early.not_before) + " " + _("Move the dates before accepting."),
        )
    except plans.PlanNotEditableError:
        return _not_editable(request, plan)
    else:
        messages.success(request, _("The plan was accepted."))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def plan_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_get(user=request.user, pk=pk)
    form = PlanActionForm(request.POST, versioned=plan)
    if not form.is_valid():
        return _changed_meanwhile(request, form, plan)
    try:
        plans.plan_cancel(plan=plan, version=form.cleaned_data["version"])
    except EditConflict as conflict:
        form.add_conflict(conflict)
        return _changed_meanwhile(request, form, plan)
    except plans.PlanNotCancellableError:
        messages.error(
            request,
            _("Only a proposed or accepted plan can be cancelled; this one is %(status)s.")
            % {"status": plan.get_status_display()},
        )
        return redirect(plan)
    messages.success(request, _("The plan was cancelled; its open dates too."))
    return redirect(plan)


@practice_view("change_client", ("POST",))
def planned_session_book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Book one open session of an accepted plan: an offered slot (``slot``) or a date and time
    typed in; a refusal shows the plan page again with the reasons and what was typed."""
    session = planned_session_get(user=request.user, pk=pk)
    plan = plan_get(user=request.user, pk=session.plan_id)
    errors: list[str] = []
    start = wanted_start(request.POST, errors)
    if start is not None:
        audit.record_access(request, plan.client, AccessLogEntry.Action.EDIT)
        try:
            appointment = booking.planned_session_book(session=session, start=start)
        except SlotConflictError as refused:
            errors = [_("This time cannot be booked:"), *reason_texts(refused.reasons)]
        except booking.SessionNotBookableError:
            errors = [_("Only an open session of an accepted plan without an appointment can be booked.")]
        except ValidationError as invalid:
            errors = [str(message) for message in invalid.messages]
        else:
            local = timezone.localtime(appointment.start)
            messages.success(
                request,
                _("The session was booked for %(day)s, %(time)s.")
                % {
                    "day": formats.date_format(local.date(), "SHORT_DATE_FORMAT"),
                    "time": local.strftime("%H:%M"),
                },
            )
            return redirect(plan)
    typed = {"session": session.pk, "errors": errors}
    typed |= {"date": request.POST.get("date", ""), "time": request.POST.get("time", "")}
    return _plan_page(request, plan, status=409 if start else 400, booking=typed)
