"""An immutable snapshot of the knowledge base as plain data.

The snapshot is built once from the database (``triggerfinder.selectors``) and shared by the
finder, the screening, the planner and the handout, so none of them needs a query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

LANGUAGES = ("de", "en")

K = TypeVar("K")  # a region's key: its slug, or its id in the database


class UnknownEntryError(ValueError):
    """Slugs the knowledge base does not have, e.g. a region "elbow"."""

    def __init__(self, kind: str, slugs: list[str]) -> None:
        super().__init__(f"unknown {kind}: {', '.join(slugs)}")
        self.kind = kind
        self.slugs = slugs


@dataclass(frozen=True)
class Text:
    """One text in German and English."""

    de: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.de


@dataclass(frozen=True)
class Region:
    slug: str
    parent: str | None
    view: str
    order: int
    name: Text
    description: Text


def parent_cycles(parents: Mapping[K, K | None]) -> list[list[K]]:
    """Every chain of regions whose parents lead back to where it started, each once, as the
    keys along the way and the first again (["a", "b", "a"]). A region that is its own parent or
    ancestor would drop out of the body map and every choice of its ancestors."""
    cycles: list[list[K]] = []
    reported: set[K] = set()
    for start in parents:
        seen = [start]
        current = parents[start]
        while current is not None and current not in seen:
            seen.append(current)
            current = parents.get(current)
        if current is not None and current not in reported:
            cycle = seen[seen.index(current) :]
            reported.update(cycle)
            cycles.append([*cycle, current])
    return cycles


@dataclass(frozen=True)
class Referral:
    region: str
    weight: int  # 1 occasional, 2 common, 3 most common
    note: Text


@dataclass(frozen=True)
class SelfTreatment:
    tool: str
    position: Text
    steps: Text
    hold_seconds_min: int
    hold_seconds_max: int
    frequency: Text


@dataclass(frozen=True)
class Stretch:
    slug: str
    name: Text
    instructions: Text
    hold_seconds: int
    repetitions: int
    caution: Text


@dataclass(frozen=True)
class PerpetuatingFactor:
    slug: str
    order: int
    name: Text
    advice: Text


NO_TEXT = Text("", "")

# How hard a client may press on their own while a finding is current (the strictest one wins).
PRESSURE_NORMAL = "normal"
PRESSURE_LIGHT = "light"  # the muscle's light variant, or no technique where it has none
PRESSURE_NONE = "none"  # no self-pressure at all; stretches stay unless excluded
PRESSURES = (PRESSURE_NORMAL, PRESSURE_LIGHT, PRESSURE_NONE)


@dataclass(frozen=True)
class Contraindication:
    """A finding the screening asks about, with what it changes in the treatment and the advice."""

    slug: str
    level: str
    order: int
    label: Text
    therapist_note: Text
    client_advice: Text
    postpone_days: int = 0  # a postpone finding delays the start at least this long
    pressure: str = PRESSURE_NORMAL
    excluded_muscles: frozenset[str] = frozenset()  # no technique on these muscles
    excluded_stretches: frozenset[str] = frozenset()
    # A warning sign printed for clients who have pain in these top-level regions (none: everyone).
    warning_regions: frozenset[str] = frozenset()
    client_warning: bool = False  # printed among the warning signs on the handout
    # The question in plain words for a client who fills in the questionnaire alone (issue 18);
    # empty where the label already is plain.
    plain: Text = NO_TEXT

    def plain_label(self, language: str) -> str:
        """What a client reads: the plain wording, or the label where there is none."""
        return self.plain.get(language) or self.label.get(language)


@dataclass(frozen=True)
class EscalationRule:
    """Findings that together are more serious than each alone: the rule applies when every group
    has at least one current finding, and raises the verdict to ``level``."""

    slug: str
    level: str
    groups: tuple[frozenset[str], ...]
    reason: Text


@dataclass(frozen=True)
class Muscle:
    slug: str
    latin_name: str
    name: Text
    view: str
    trigger_points: Text
    referral: Text
    causes: Text
    self_treatment: SelfTreatment
    cautions: Text
    referrals: tuple[Referral, ...]
    stretches: tuple[str, ...]
    perpetuating_factors: tuple[str, ...]
    # The same technique for a light-pressure caution (hands or a soft ball against a wall, never
    # body weight on a ball); empty: the technique is left out under such a caution.
    light_steps: Text = NO_TEXT
    # The full technique as the handout prints it: 3–4 short numbered steps with where to place the
    # tool; empty: the handout prints the position and the full steps.
    handout_steps: Text = NO_TEXT


@dataclass(frozen=True, eq=False)
class KnowledgeSnapshot:
    regions: Mapping[str, Region] = field(default_factory=dict)
    muscles: Mapping[str, Muscle] = field(default_factory=dict)
    stretches: Mapping[str, Stretch] = field(default_factory=dict)
    perpetuating_factors: Mapping[str, PerpetuatingFactor] = field(default_factory=dict)
    contraindications: Mapping[str, Contraindication] = field(default_factory=dict)
    escalation_rules: tuple[EscalationRule, ...] = ()

    @cached_property
    def region_descendants(self) -> Mapping[str, frozenset[str]]:
        """Each region with all regions below it (itself included): choosing "leg" covers the knee."""
        children: dict[str, list[str]] = {}
        for region in self.regions.values():
            if region.parent:
                children.setdefault(region.parent, []).append(region.slug)

        def below(slug: str, seen: frozenset[str]) -> frozenset[str]:
            if slug in seen:  # a cycle in admin-edited data must not hang the finder
                return frozenset()
            found = {slug}
            for child in children.get(slug, []):
                found |= below(child, seen | {slug})
            return frozenset(found)

        return {slug: below(slug, frozenset()) for slug in self.regions}

    def require(self, kind: str, slugs: Iterable[str]) -> list[str]:
        """The slugs without duplicates, in order; UnknownEntryError names any the snapshot lacks.

        ``kind`` is one of "regions", "muscles", "stretches", "perpetuating_factors",
        "contraindications".
        """
        wanted = list(dict.fromkeys(slugs))
        entries = getattr(self, kind)
        unknown = [slug for slug in wanted if slug not in entries]
        if unknown:
            raise UnknownEntryError(kind, unknown)
        return wanted

    def ancestors(self, slug: str) -> list[str]:
        found: list[str] = []
        parent = self.regions[slug].parent if slug in self.regions else None
        while parent and parent in self.regions and parent not in found and parent != slug:
            found.append(parent)
            parent = self.regions[parent].parent
        return found

    def areas_of(self, slugs: Iterable[str]) -> frozenset[str]:
        """The top-level regions the given regions belong to (the body areas of warning signs)."""
        return frozenset((self.ancestors(slug) or [slug])[-1] for slug in slugs if slug in self.regions)

    @property
    def top_regions(self) -> list[Region]:
        return [region for region in self.regions.values() if region.parent is None]

    def children_of(self, slug: str) -> list[Region]:
        return [region for region in self.regions.values() if region.parent == slug]
