"""The finder's result as plain dicts in one language, for the finder page, the JSON API and the
embed: the muscles ranked, why each, the warning signs. One home for how a finder result is worded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.finder import RankedMuscle, RegionMatch
from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle
from triggerfinder.core.screening import ASK_BEFORE_SELF_TREATMENT, EMERGENCY_FLAGS, RED_FLAGS
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
