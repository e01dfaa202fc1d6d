"""Turn core results into plain dicts in one language, for the finder page, the JSON API and
(later) the handout. One home for how a finder result is worded."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from triggerfinder.core.finder import RankedMuscle
from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle
from triggerfinder.models import Level, Tool, Weight

WARNING_LEVELS = (Level.EMERGENCY, Level.REFER)
# The red flags every client must see at a glance; the other warning signs follow on request.
KEY_WARNING_SIGNS = (
    "numbness",
    "tingling",
    "leg-weakness",
    "radiating-nerve-pain",
    "saddle-numbness",
    "bladder-bowel-dysfunction",
)


def weight_label(weight: int) -> str:
    return str(Weight(weight).label)


def reason_text(snapshot: KnowledgeSnapshot, ranked: RankedMuscle, language: str) -> str:
    """E.g. "Refers pain to lower back (most common) and hip/buttock (common)." """
    with translation.override(language):
        parts = [
            f"{snapshot.regions[match.region].name.get(language)} ({weight_label(match.weight)})"
            for match in ranked.matches
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
        "reason": reason_text(snapshot, ranked, language),
    }


def warning_signs(snapshot: KnowledgeSnapshot, language: str) -> list[dict[str, Any]]:
    """Signs that need a doctor before any self-treatment: the key red flags first, then by urgency."""
    signs = [c for c in snapshot.contraindications.values() if c.level in WARNING_LEVELS]
    signs.sort(
        key=lambda c: (c.slug not in KEY_WARNING_SIGNS, WARNING_LEVELS.index(Level(c.level)), c.order, c.slug)
    )
    return [
        {
            "slug": c.slug,
            "level": c.level,
            "key": c.slug in KEY_WARNING_SIGNS,
            "label": c.label.get(language),
            "advice": c.client_advice.get(language),
        }
        for c in signs
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
        "warning_signs": warning_signs(snapshot, language),
        "disclaimer": disclaimer,
    }
