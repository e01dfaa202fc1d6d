"""A suggested plan as plain dicts in one language: the focus muscles, the sessions, the gate's
decision on which dates it may show."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.core.planning import CYCLE, MAINTENANCE, FocusMuscle, PlannedDate, Proposal
from triggerfinder.presentation.decisions import decision_dict
from triggerfinder.presentation.finder import reason_text


def focus_dict(snapshot: KnowledgeSnapshot, focus: FocusMuscle, rank: int, language: str) -> dict[str, Any]:
    with translation.override(language):
        factors = [snapshot.perpetuating_factors[slug].name.get(language) for slug in focus.factors]
        kept_going = _("Kept going by: %(factors)s.") % {"factors": ", ".join(factors)} if factors else ""
    return {
        "rank": rank,
        "slug": focus.muscle.slug,
        "name": focus.muscle.name.get(language),
        "latin_name": focus.muscle.latin_name,
        "score": focus.score,
        "intensities": dict(focus.intensities),
        "factors": list(focus.factors),
        "reason": " ".join(
            filter(
                None, [reason_text(snapshot, focus.matches, language) if focus.matches else "", kept_going]
            )
        ),
    }


def session_dict(session: PlannedDate) -> dict[str, Any]:
    return {"kind": session.kind, "number": session.number, "date": session.day}


def proposal_dict(snapshot: KnowledgeSnapshot, proposal: Proposal, language: str) -> dict[str, Any]:
    """The suggested plan; the gate decides which dates it may show: none for an uncleared
    emergency, and for refer only as "after medical clearance" (``dates``)."""
    dates = proposal.decision.dates
    sessions = [] if dates == gate.DATES_NONE else list(proposal.sessions)
    return {
        "language": language,
        "verdict": decision_dict(proposal.decision, language, snapshot),
        "dates": dates,
        "focus": [focus_dict(snapshot, f, rank, language) for rank, f in enumerate(proposal.focus, start=1)],
        "chronic": proposal.chronic,
        "acute": proposal.acute,
        "cycle_length": proposal.cycle_length,
        "start": proposal.start,
        "maintenance_weeks": proposal.maintenance_weeks,
        "sessions": [session_dict(s) for s in sessions],
        # Dates stay dates: templates format them, JsonResponse writes them as ISO 8601.
        "cycle_dates": [s.day for s in sessions if s.kind == CYCLE],
        "maintenance_dates": [s.day for s in sessions if s.kind == MAINTENANCE],
    }
