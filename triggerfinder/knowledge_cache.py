"""The knowledge snapshot, built once and shared until an admin changes the knowledge base.

Each process keeps the snapshot in memory together with the version it was built for. The
current version lives in Django's cache (``TRIGGERFINDER_CACHE_ALIAS``), so a change saved by one
process is seen by every process that shares that cache. Reading a warm snapshot costs one cache
read and no database query.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from triggerfinder.conf import conf
from triggerfinder.core import knowledge as core
from triggerfinder.models import BodyRegion, Contraindication, Muscle, PerpetuatingFactor, Referral, Stretch

VERSION_KEY = "triggerfinder:knowledge-version"
KNOWLEDGE_MODELS = (BodyRegion, Contraindication, Muscle, PerpetuatingFactor, Referral, Stretch)

_lock = threading.Lock()
_memo: dict[str, Any] = {"version": None, "snapshot": None}


def _text(obj: Any, name: str) -> core.Text:
    return core.Text(de=getattr(obj, f"{name}_de"), en=getattr(obj, f"{name}_en"))


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
    contraindications = {
        c.slug: core.Contraindication(
            slug=c.slug,
            level=c.level,
            order=c.order,
            label=_text(c, "label"),
            therapist_note=_text(c, "therapist_note"),
            client_advice=_text(c, "client_advice"),
        )
        for c in Contraindication.objects.order_by("order", "slug")
    }
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
        )
    return core.KnowledgeSnapshot(
        regions=regions,
        muscles=muscles,
        stretches=stretches,
        perpetuating_factors=factors,
        contraindications=contraindications,
    )


def _cache() -> Any:
    return caches[conf.CACHE_ALIAS]


def knowledge_snapshot() -> core.KnowledgeSnapshot:
    version = _cache().get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not _cache().add(VERSION_KEY, version, timeout=None):
            version = _cache().get(VERSION_KEY)
    with _lock:
        if _memo["version"] != version or _memo["snapshot"] is None:
            _memo["snapshot"] = build_snapshot()
            _memo["version"] = version
        return _memo["snapshot"]


def bump_knowledge_version() -> None:
    _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_knowledge(**kwargs: Any) -> None:
    # Now, so that this process sees its own change at once; and again after the commit, so that
    # no other process keeps a snapshot it built from the data as it was before the commit.
    bump_knowledge_version()
    transaction.on_commit(bump_knowledge_version)


def connect_signals() -> None:
    for model in KNOWLEDGE_MODELS:
        post_save.connect(
            invalidate_knowledge, sender=model, dispatch_uid=f"tf-knowledge-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate_knowledge, sender=model, dispatch_uid=f"tf-knowledge-del-{model.__name__}"
        )
    for through in (Muscle.stretches.through, Muscle.perpetuating_factors.through):
        m2m_changed.connect(
            invalidate_knowledge, sender=through, dispatch_uid=f"tf-knowledge-m2m-{through.__name__}"
        )
