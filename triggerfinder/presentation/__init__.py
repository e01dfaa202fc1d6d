"""Turn core results into plain dicts in one language, for the finder page, the JSON API and
(later) the handout. One home for how a finder result is worded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import formats, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.finder import RankedMuscle, RegionMatch
from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle
from triggerfinder.core.outcomes import (
    MINIMAL,
    NO_BASELINE,
    NONE,
    RELEVANT,
    SUBSTANTIAL,
    WORSE,
    Change,
    chart_points,
)
from triggerfinder.core.planning import CYCLE, MAINTENANCE, FocusMuscle, PlannedDate, Proposal
from triggerfinder.core.screening import ASK_BEFORE_SELF_TREATMENT, EMERGENCY_FLAGS, RED_FLAGS, Verdict
from triggerfinder.models import Level, Tool, Weight

WARNING_LEVELS = (Level.EMERGENCY, Level.REFER)
# The red flags every client must see at a glance; the other warning signs follow on request.
KEY_WARNING_SIGNS = RED_FLAGS + EMERGENCY_FLAGS


def weight_label(weight: int) -> str:
    return str(Weight(weight).label)


def reason_text(snapshot: KnowledgeSnapshot, matches: Sequence[RegionMatch], language: str) -> str:
    """E.g. "Refers pain to: lower back (most common) and hip/buttock (common)." """
    with translation.override(language):
        parts = [
            f"{snapshot.regions[match.region].name.get(language)} ({weight_label(match.weight)})"
            for match in matches
        ]
        return _("Refers pain to: %(regions)s.") % {"regions": get_text_list(parts, _("and"))}


def muscle_dict(snapshot: KnowledgeSnapshot, muscle: Muscle, language: str) -> dict[str, Any]:
    treatment = muscle.self_treatment
    with translation.override(language):
        tool_label = str(Tool(treatment.tool).label) if treatment.tool in Tool.values else treatment.tool
    return {
        "slug": muscle.slug,
        "name": muscle.name.get(language),
        "names": {"de": muscle.name.de, "en": muscle.name.en},
        "latin_name": muscle.latin_name,
        "view": muscle.view,
        "trigger_points": muscle.trigger_points.get(language),
        "referral": muscle.referral.get(language),
        "causes": muscle.causes.get(language),
        "self_treatment": {
            "tool": treatment.tool,
            "tool_label": tool_label,
            "position": treatment.position.get(language),
            "steps": treatment.steps.get(language),
            "hold_seconds": {"min": treatment.hold_seconds_min, "max": treatment.hold_seconds_max},
            "frequency": treatment.frequency.get(language),
            "cautions": muscle.cautions.get(language),
        },
        "stretches": [
            {
                "slug": stretch.slug,
                "name": stretch.name.get(language),
                "instructions": stretch.instructions.get(language),
                "hold_seconds": stretch.hold_seconds,
                "repetitions": stretch.repetitions,
                "caution": stretch.caution.get(language),
            }
            for stretch in (
                snapshot.stretches[slug] for slug in muscle.stretches if slug in snapshot.stretches
            )
        ],
    }


def ranked_dict(
    snapshot: KnowledgeSnapshot, ranked: RankedMuscle, rank: int, language: str
) -> dict[str, Any]:
    with translation.override(language):
        explains = [
            {
                "region": match.region,
                "chosen": match.chosen,
                "name": snapshot.regions[match.region].name.get(language),
                "weight": match.weight,
                "weight_label": weight_label(match.weight),
            }
            for match in ranked.matches
        ]
    return {
        "rank": rank,
        **muscle_dict(snapshot, ranked.muscle, language),
        "score": ranked.score,
        "explains": explains,
        "reason": reason_text(snapshot, ranked.matches, language),
    }


def warning_signs(
    snapshot: KnowledgeSnapshot, language: str, regions: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Signs that need a doctor before any self-treatment, the key ones first, then by urgency.

    Key (shown without opening anything): the warning signs of the body areas asked about (the
    gate's rule, facts §5.7), so a neck or head query shows the neck and head emergencies; with no
    region yet, the nerve and cauda equina signs."""
    by_area = gate.warning_signs_for(snapshot.contraindications.values(), snapshot.areas_of(regions))
    key = {c.slug for c in by_area} if regions and by_area else set(KEY_WARNING_SIGNS)
    signs = [c for c in snapshot.contraindications.values() if c.level in WARNING_LEVELS]
    signs.sort(key=lambda c: (c.slug not in key, WARNING_LEVELS.index(Level(c.level)), c.order, c.slug))
    return [
        {
            "slug": c.slug,
            "level": c.level,
            "key": c.slug in key,
            "label": c.label.get(language),
            "advice": c.client_advice.get(language),
        }
        for c in signs
    ]


def before_self_treatment(snapshot: KnowledgeSnapshot, language: str) -> list[dict[str, Any]]:
    """What to clarify before any self-treatment (blood thinners, pregnancy, …), every answer."""
    return [
        {
            "slug": slug,
            "level": snapshot.contraindications[slug].level,
            "label": snapshot.contraindications[slug].label.get(language),
            "advice": snapshot.contraindications[slug].client_advice.get(language),
        }
        for slug in ASK_BEFORE_SELF_TREATMENT
        if slug in snapshot.contraindications
    ]


def region_dict(snapshot: KnowledgeSnapshot, slug: str, language: str) -> dict[str, Any]:
    region = snapshot.regions[slug]
    return {
        "slug": slug,
        "name": region.name.get(language),
        "parent": region.parent,
        "view": region.view,
    }


def finder_result(
    snapshot: KnowledgeSnapshot, chosen: list[str], ranked: list[RankedMuscle], language: str
) -> dict[str, Any]:
    with translation.override(language):
        disclaimer = _(
            "These are muscles worth checking, not a diagnosis. If you notice any of the warning signs, "
            "see a doctor before treating yourself."
        )
    return {
        "language": language,
        "regions": [region_dict(snapshot, slug, language) for slug in chosen],
        "muscles": [ranked_dict(snapshot, r, rank, language) for rank, r in enumerate(ranked, start=1)],
        "warning_signs": warning_signs(snapshot, language, chosen),
        "before_self_treatment": before_self_treatment(snapshot, language),
        "disclaimer": disclaimer,
    }


def level_label(level: str) -> str:
    """A short name for a level, e.g. for a badge beside a contraindication."""
    return {
        "emergency": _("emergency"),
        "refer": _("refer first"),
        "postpone": _("postpone"),
        "caution": _("caution"),
        "clear": _("clear"),
    }[level]


def verdict_dict(verdict: Verdict, language: str) -> dict[str, Any]:
    with translation.override(language):
        labels = {c.slug: level_label(verdict.level_of(c.slug)) for c in verdict.reasons}
    return {
        "level": verdict.level,
        "needs_clearance": verdict.needs_clearance,
        "postpones": verdict.postpones,
        "reasons": [
            {
                "slug": c.slug,
                "level": verdict.level_of(c.slug),
                "level_label": labels[c.slug],
                "label": c.label.get(language),
                "therapist_note": c.therapist_note.get(language),
                "client_advice": c.client_advice.get(language),
            }
            for c in verdict.reasons
        ],
        "escalations": [
            {"slug": e.rule.slug, "level": e.rule.level, "reason": e.rule.reason.get(language)}
            for e in verdict.escalations
        ],
    }


def too_early_text(not_before: Any) -> str:
    return _("A finding postpones the treatment: the first date can be %(day)s at the earliest.") % {
        "day": formats.date_format(not_before, "DATE_FORMAT")
    }


def finding_choices(snapshot: KnowledgeSnapshot, language: str) -> list[tuple[str, Any]]:
    """The contraindications as choices grouped by level, most severe first."""
    with translation.override(language):
        return [
            (
                level_label(level),
                [
                    (c.slug, c.label.get(language))
                    for c in sorted(snapshot.contraindications.values(), key=lambda c: (c.order, c.slug))
                    if c.level == level
                ],
            )
            for level in ("emergency", "refer", "postpone", "caution")
        ]


def decision_dict(
    decision: gate.Decision, language: str, snapshot: KnowledgeSnapshot | None = None
) -> dict[str, Any]:
    """The gate's decision for a page: the verdict with every reason, and what it allows."""

    def names(slugs: Any, kind: str) -> list[str]:
        entries = getattr(snapshot, kind) if snapshot else {}
        return [entries[slug].name.get(language) if slug in entries else slug for slug in slugs]

    return {
        **verdict_dict(decision.verdict, language),
        "blocked": decision.blocked,
        "emergency": decision.emergency,
        "cleared": decision.cleared,
        "dates": decision.dates,
        "not_before": decision.not_before if decision.postponed else None,
        "waiting": [f.contraindication.label.get(language) for f in decision.waiting],
        "pressure": decision.pressure,
        "uncovered": [
            {"pk": f.key, "label": f.contraindication.label.get(language), "recorded_on": f.recorded_on}
            for f in decision.uncovered
        ],
        "clearances": [
            {"cleared_on": c.cleared_on, "recorded_by": c.recorded_by, "note": c.note}
            for c in decision.clearances
        ],
        "warning_signs": [
            {"slug": c.slug, "level": c.level, "label": c.label.get(language)} for c in decision.warning_signs
        ],
        "excluded_muscles": [
            {"name": name, "why": ", ".join(c.label.get(language) for c in decision.excluded_muscles[slug])}
            for slug, name in zip(
                decision.excluded_muscles, names(decision.excluded_muscles, "muscles"), strict=True
            )
        ],
        "excluded_stretches": [
            {"name": name, "why": ", ".join(c.label.get(language) for c in decision.excluded_stretches[slug])}
            for slug, name in zip(
                decision.excluded_stretches, names(decision.excluded_stretches, "stretches"), strict=True
            )
        ],
    }


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


CHART_WIDTH, CHART_HEIGHT, CHART_LEFT = 600, 180, 30


def progress_chart(sessions: Sequence[Any], baseline: int | None) -> dict[str, Any] | None:
    """Coordinates for the server-drawn SVG chart: the progress line is the pain at the start of
    each session (how the days since the last visit were) against the intake; each session's
    immediate effect (down to the pain right after it) is a short stroke, never part of the line."""
    if not sessions:
        return None
    width = CHART_WIDTH - CHART_LEFT - 10

    def shifted(values: list[int]) -> list[tuple[float, float]]:
        return [(x + CHART_LEFT, y + 10) for x, y in chart_points(values, width=width, height=CHART_HEIGHT)]

    before = shifted([s.pain_before for s in sessions])
    after = shifted([s.pain_after for s in sessions])

    def number(value: float) -> str:
        return f"{value:.1f}"  # SVG needs a decimal point whatever the page's language

    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT + 30,
        "progress": " ".join(f"{number(x)},{number(y)}" for x, y in before),
        "dots": [(number(x), number(y)) for x, y in before],
        "effects": [
            (number(x), number(y1), number(y2)) for (x, y1), (_x, y2) in zip(before, after, strict=True)
        ],
        "baseline_y": None if baseline is None else number(10 + CHART_HEIGHT - CHART_HEIGHT * baseline / 10),
        "grid": [
            (
                number(10 + CHART_HEIGHT - CHART_HEIGHT * v / 10),
                number(14 + CHART_HEIGHT - CHART_HEIGHT * v / 10),
                v,
            )
            for v in (0, 2, 4, 6, 8, 10)
        ],
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 10,
    }


def change_text(change: Change) -> str:
    """E.g. "-4 points (-50 %): substantial improvement (at least 50 % less)"; the categories are
    ``core.outcomes``' one definition."""
    labels = {
        # xgettext:no-python-format
        SUBSTANTIAL: _("substantial improvement (at least 50 % less)"),
        # xgettext:no-python-format
        RELEVANT: _("clinically relevant improvement (at least 30 % less)"),
        # xgettext:no-python-format
        MINIMAL: _("minimal improvement (at least 2 points, but under 30 % less)"),
        NONE: _("no relevant change"),
        WORSE: _("worse than at intake"),
        NO_BASELINE: _("no pain at intake"),
    }
    if change.percent is None:
        return labels[change.category]
    return _("%(points)+d points (%(percent)+d %%): %(label)s") % {
        "points": -change.points,
        "percent": round(-change.percent * 100),
        "label": labels[change.category],
    }
