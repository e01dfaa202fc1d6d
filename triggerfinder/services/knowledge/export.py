"""The knowledge base written as one document (``document``'s format): the admin's export."""

from __future__ import annotations

import json
from typing import Any

from triggerfinder.models import (
    BodyRegion,
    Contraindication,
    EscalationRule,
    Muscle,
    PerpetuatingFactor,
    Stretch,
)
from triggerfinder.services.knowledge.document import (
    CONTRAINDICATION_FIELDS,
    CONTRAINDICATION_LINKS,
    ESCALATION_FIELDS,
    FACTOR_FIELDS,
    FORMAT,
    MUSCLE_FIELDS,
    REFERRAL_FIELDS,
    REGION_FIELDS,
    SELF_TREATMENT_FIELDS,
    STRETCH_FIELDS,
    VERSION,
)


def _sources(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def _pick(obj: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def knowledge_export() -> dict[str, Any]:
    regions = BodyRegion.objects.select_related("parent").order_by("order", "slug")
    muscles = Muscle.objects.prefetch_related("referrals__region", "stretches", "perpetuating_factors")
    return {
        "format": FORMAT,
        "version": VERSION,
        "regions": [
            {**_pick(r, REGION_FIELDS), "parent": r.parent.slug if r.parent else None} for r in regions
        ],
        "perpetuating_factors": [
            {**_pick(f, FACTOR_FIELDS), "sources": _sources(f.sources)}
            for f in PerpetuatingFactor.objects.order_by("order", "slug")
        ],
        "contraindications": [
            {
                **_pick(c, CONTRAINDICATION_FIELDS),
                **{
                    name: sorted(obj.slug for obj in getattr(c, name).all())
                    for name in CONTRAINDICATION_LINKS
                },
                "sources": _sources(c.sources),
            }
            for c in Contraindication.objects.prefetch_related(*CONTRAINDICATION_LINKS).order_by(
                "order", "slug"
            )
        ],
        "stretches": [_pick(s, STRETCH_FIELDS) for s in Stretch.objects.order_by("slug")],
        "muscles": [
            {
                **_pick(m, MUSCLE_FIELDS),
                "self_treatment": _pick(m, SELF_TREATMENT_FIELDS),
                "referrals": [
                    {"region": r.region.slug, **_pick(r, REFERRAL_FIELDS), "sources": _sources(r.sources)}
                    for r in sorted(m.referrals.all(), key=lambda r: (-r.weight, r.region.slug))
                ],
                "stretches": sorted(s.slug for s in m.stretches.all()),
                "perpetuating_factors": sorted(f.slug for f in m.perpetuating_factors.all()),
                "sources": _sources(m.sources),
            }
            for m in muscles.order_by("slug")
        ],
        "escalation_rules": [
            {**_pick(r, ESCALATION_FIELDS), "sources": _sources(r.sources)}
            for r in EscalationRule.objects.order_by("order", "slug")
        ],
    }


def knowledge_export_json() -> str:
    return json.dumps(knowledge_export(), ensure_ascii=False, indent=2) + "\n"
