"""The knowledge snapshot, built once and shared until an admin changes the knowledge base.

The snapshot serves the public finder and the live preview; decisions that protect a client read
the database at that moment instead (``selectors.decisions.client_decision``). Each process keeps the
snapshot in memory with the version it was built for. The version lives in the database
(``KnowledgeState``) and every change writes a new one in the same transaction, so every process
sees an edit on its next request, whatever cache it has. A warm read costs one small query.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from triggerfinder.core import knowledge as core
from triggerfinder.models import (
    BodyRegion,
    Contraindication,
    EscalationRule,
    KnowledgeState,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
)

KNOWLEDGE_MODELS = (
    BodyRegion,
    Contraindication,
    EscalationRule,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
)

_lock = threading.Lock()
_memo: dict[str, Any] = {"version": None, "snapshot": None}


def _text(obj: Any, name: str) -> core.Text:
    return core.Text(de=getattr(obj, f"{name}_de"), en=getattr(obj, f"{name}_en"))


def contraindication_rows() -> Any:
    return Contraindication.objects.prefetch_related(
        "excluded_muscles", "excluded_stretches", "warning_regions"
    ).order_by("order", "slug")


def contraindication_level(c: Contraindication) -> core.Contraindication:
    """The level, texts and delay only, without what a caution excludes (see
    decisions.client_decisions)."""
    return core.Contraindication(
        slug=c.slug,
        level=c.level,
        order=c.order,
        label=_text(c, "label"),
        plain=_text(c, "plain"),
        therapist_note=_text(c, "therapist_note"),
        client_advice=_text(c, "client_advice"),
        postpone_days=c.postpone_days,
        pressure=c.pressure,
        client_warning=c.client_warning,
    )


def contraindication_data(c: Contraindication) -> core.Contraindication:
    """One contraindication as plain data (its excluded muscles and so on prefetched)."""
    return dataclasses.replace(
        contraindication_level(c),
        excluded_muscles=frozenset(m.slug for m in c.excluded_muscles.all()),
        excluded_stretches=frozenset(s.slug for s in c.excluded_stretches.all()),
        warning_regions=frozenset(r.slug for r in c.warning_regions.all()),
    )


def warning_data(c: Contraindication) -> core.Contraindication:
    """A warning sign: its level and texts with the body areas it belongs to (warning_regions
    prefetched), without what a caution excludes."""
    return dataclasses.replace(
        contraindication_level(c), warning_regions=frozenset(r.slug for r in c.warning_regions.all())
    )


def escalation_rules(rows: Iterable[EscalationRule] | None = None) -> tuple[core.EscalationRule, ...]:
    rows = EscalationRule.objects.order_by("order", "slug") if rows is None else rows
    return tuple(
        core.EscalationRule(
            slug=r.slug,
            level=r.level,
            groups=tuple(frozenset(group) for group in r.groups),
            reason=_text(r, "reason"),
        )
        for r in rows
    )


def build_snapshot() -> core.KnowledgeSnapshot:
    regions = {
        r.slug: core.Region(
            slug=r.slug,
            parent=r.parent.slug if r.parent else None,
            view=r.view,
            order=r.order,
            name=_text(r, "name"),
            description=_text(r, "description"),
        )
        for r in BodyRegion.objects.select_related("parent").order_by("order", "slug")
    }
    stretches = {
        s.slug: core.Stretch(
            slug=s.slug,
            name=_text(s, "name"),
            instructions=_text(s, "instructions"),
            hold_seconds=s.hold_seconds,
            repetitions=s.repetitions,
            caution=_text(s, "caution"),
        )
        for s in Stretch.objects.order_by("slug")
    }
    factors = {
        f.slug: core.PerpetuatingFactor(
            slug=f.slug, order=f.order, name=_text(f, "name"), advice=_text(f, "advice")
        )
        for f in PerpetuatingFactor.objects.order_by("order", "slug")
    }
    contraindications = {c.slug: contraindication_data(c) for c in contraindication_rows()}
    muscles = {}
    for m in Muscle.objects.prefetch_related(
        "referrals__region", "stretches", "perpetuating_factors"
    ).order_by("slug"):
        muscles[m.slug] = core.Muscle(
            slug=m.slug,
            latin_name=m.latin_name,
            name=_text(m, "name"),
            view=m.view,
            trigger_points=_text(m, "trigger_points"),
            referral=_text(m, "referral"),
            causes=_text(m, "causes"),
            self_treatment=core.SelfTreatment(
                tool=m.tool,
                position=_text(m, "position"),
                steps=_text(m, "steps"),
                hold_seconds_min=m.hold_seconds_min,
                hold_seconds_max=m.hold_seconds_max,
                frequency=_text(m, "frequency"),
            ),
            cautions=_text(m, "cautions"),
            referrals=tuple(
                core.Referral(region=r.region.slug, weight=r.weight, note=_text(r, "note"))
                for r in sorted(m.referrals.all(), key=lambda r: (-r.weight, r.region.slug))
            ),
            stretches=tuple(sorted(s.slug for s in m.stretches.all())),
            perpetuating_factors=tuple(sorted(f.slug for f in m.perpetuating_factors.all())),
            light_steps=_text(m, "light_steps"),
            handout_steps=_text(m, "handout_steps"),
        )
    return core.KnowledgeSnapshot(
        regions=regions,
        muscles=muscles,
        stretches=stretches,
        perpetuating_factors=factors,
        contraindications=contraindications,
        escalation_rules=escalation_rules(),
    )


STATE_PK = 1


def current_version() -> uuid.UUID:
    version = KnowledgeState.objects.filter(pk=STATE_PK).values_list("version", flat=True).first()
    if version is None:  # a database emptied by a flush
        version = KnowledgeState.objects.get_or_create(pk=STATE_PK)[0].version
    return version


def knowledge_snapshot() -> core.KnowledgeSnapshot:
    version = current_version()
    with _lock:
        if _memo["version"] != version or _memo["snapshot"] is None:
            _memo["snapshot"] = build_snapshot()
            _memo["version"] = version
        return _memo["snapshot"]


def bump_knowledge_version() -> None:
    """A new version, in the transaction of the change: committed with it, or rolled back with it."""
    KnowledgeState.objects.update_or_create(pk=STATE_PK, defaults={"version": uuid.uuid4()})


def forget_snapshot() -> None:
    """Drop this process's copy (tests that roll the database back)."""
    with _lock:
        _memo.update(version=None, snapshot=None)


def invalidate_knowledge(**kwargs: Any) -> None:
    bump_knowledge_version()


def connect_signals() -> None:
    for model in KNOWLEDGE_MODELS:
        post_save.connect(
            invalidate_knowledge, sender=model, dispatch_uid=f"tf-knowledge-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate_knowledge, sender=model, dispatch_uid=f"tf-knowledge-del-{model.__name__}"
        )
    for through in (
        Muscle.stretches.through,
        Muscle.perpetuating_factors.through,
        Contraindication.excluded_muscles.through,
        Contraindication.excluded_stretches.through,
        Contraindication.warning_regions.through,
    ):
        m2m_changed.connect(
            invalidate_knowledge, sender=through, dispatch_uid=f"tf-knowledge-m2m-{through.__name__}"
        )
