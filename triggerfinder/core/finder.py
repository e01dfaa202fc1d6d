"""Rank the muscles worth checking for the regions where a client feels pain.

Rules (each tested in tests/test_finder.py):
1. A muscle counts for a chosen region when it refers pain into that region or into one of its
   sub-regions; its best referral weight there counts.
2. A muscle that explains more of the chosen regions ranks above one that explains fewer.
3. Among those, the higher sum of weights ranks higher, then the higher single weight.
4. Ties break by slug, so the order never depends on the database or the language.
A result is a suggestion of muscles worth checking, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle


@dataclass(frozen=True)
class RegionMatch:
    chosen: str  # the region the client chose
    region: str  # the (sub-)region the muscle's referral points to
    weight: int


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
    snapshot: KnowledgeSnapshot, regions: Iterable[str], *, limit: int | None = None
) -> list[RankedMuscle]:
    chosen = normalise_regions(snapshot, regions)
    covered = {slug: snapshot.region_descendants[slug] for slug in chosen}
    ranked = []
    for muscle in snapshot.muscles.values():
        matches = []
        for slug in chosen:
            inside = [r for r in muscle.referrals if r.region in covered[slug]]
            if inside:
                best = max(inside, key=lambda r: (r.weight, r.region == slug))
                matches.append(RegionMatch(chosen=slug, region=best.region, weight=best.weight))
        if matches:
            ranked.append(RankedMuscle(muscle, sum(m.weight for m in matches), tuple(matches)))
    ranked.sort(
        key=lambda r: (-r.regions_explained, -r.score, -max(m.weight for m in r.matches), r.muscle.slug)
    )
    return ranked[:limit] if limit is not None else ranked
