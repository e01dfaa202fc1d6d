"""Rank the muscles worth checking for the regions where a client feels pain.

Rules (each tested in tests/core/test_finder.py); the finder and the planner share this one ranking:
1. A muscle counts for a chosen region when it refers pain into that region or into one of its
   sub-regions; the weights of all its referrals there add up (a muscle that sends pain down the
   whole leg, like gluteus minimus, counts for each part of the leg it reaches).
2. The score is the sum over the chosen regions, each times the region's intensity where the
   planner knows it (1 on the public finder), plus the planner's bonus for perpetuating factors.
3. The higher score ranks higher: a common referrer (weight 3) is not outranked by a rare one
   (weight 1) that merely touches one more of the chosen regions.
4. Ties break by more regions explained, then the higher single weight, then the slug, so the
   order never depends on the database or the language.
A result is a suggestion of muscles worth checking, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle


@dataclass(frozen=True)
class RegionMatch:
    chosen: str  # the region the client chose
    region: str  # the (sub-)region of its strongest referral there
    weight: int  # that referral's weight (1–3)
    total: int = 0  # the weights of all its referrals into the chosen region and its sub-regions

    @property
    def points(self) -> int:
        return self.total or self.weight


@dataclass(frozen=True)
class RankedMuscle:
    muscle: Muscle
    score: int
    matches: tuple[RegionMatch, ...]

    @property
    def regions_explained(self) -> int:
        return len(self.matches)


def normalise_regions(snapshot: KnowledgeSnapshot, regions: Iterable[str]) -> list[str]:
    """The chosen regions, without duplicates and without sub-regions of a chosen region.

    Raises UnknownEntryError naming every slug the knowledge base does not have.
    """
    chosen = snapshot.require("regions", regions)
    chosen_set = set(chosen)
    return [slug for slug in chosen if not chosen_set.intersection(snapshot.ancestors(slug))]


def rank_muscles(
    snapshot: KnowledgeSnapshot,
    regions: Iterable[str],
    *,
    limit: int | None = None,
    intensities: Mapping[str, int] | None = None,
    bonus: Mapping[str, int] | None = None,
) -> list[RankedMuscle]:
    """``intensities``: chosen region → how much it hurts (default 1 each); ``bonus``: muscle →
    points added to its score (the planner's perpetuating factors)."""
    chosen = normalise_regions(snapshot, regions)
    covered = {slug: snapshot.region_descendants[slug] for slug in chosen}
    ranked = []
    for muscle in snapshot.muscles.values():
        matches = []
        for slug in chosen:
            inside = [r for r in muscle.referrals if r.region in covered[slug]]
            if inside:
                best = max(inside, key=lambda r: (r.weight, r.region == slug))
                total = sum(r.weight for r in inside)
                matches.append(RegionMatch(chosen=slug, region=best.region, weight=best.weight, total=total))
        if matches:
            score = sum(m.points * (intensities or {}).get(m.chosen, 1) for m in matches)
            ranked.append(RankedMuscle(muscle, score + (bonus or {}).get(muscle.slug, 0), tuple(matches)))
    ranked.sort(
        key=lambda r: (-r.score, -r.regions_explained, -max(m.weight for m in r.matches), r.muscle.slug)
    )
    return ranked[:limit] if limit is not None else ranked
