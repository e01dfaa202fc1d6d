"""The safety gate's verdict and decision as plain dicts in one language, the levels' short names,
and the findings to choose from, grouped by level."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.core.screening import Verdict


def level_label(level: str) -> str:
    """A short name for a level, e.g. for a badge beside a contraindication."""
    return {
        "emergency": _("emergency"),
        "refer": _("refer first"),
        "postpone": _("postpone"),
        "caution": _("caution"),
        "clear": _("clear"),
    }[level]


def level_badge(decision: Any) -> dict[str, str]:
    """The verdict badge of a client's decision (lists, the appointment book): its colour, its
    word, and the level and blocked state as data attributes for scripts and tests."""
    level = decision.level
    if decision.blocked:
        css = "text-bg-danger"
    elif level in ("postpone", "caution"):
        css = "text-bg-warning" if level == "postpone" else "text-bg-info"
    else:
        css = "text-bg-success" if decision.cleared else "text-bg-light"
    if decision.emergency:
        label = _("Emergency")
    elif decision.blocked:
        label = _("Doctor first")
    elif decision.cleared:
        label = _("Cleared")
    else:
        label = {"postpone": _("Postpone"), "caution": _("Caution")}.get(level, _("Clear"))
    return {"css": css, "label": label, "level": level, "blocked": "true" if decision.blocked else "false"}


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


def too_early_text(not_before: datetime.date) -> str:
    return _("A finding postpones the treatment: the first date can be %(day)s at the earliest.") % {
        "day": formats.date_format(not_before, "DATE_FORMAT")
    }


def finding_choices(snapshot: KnowledgeSnapshot, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
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

    def names(slugs: Iterable[str], kind: str) -> list[str]:
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
