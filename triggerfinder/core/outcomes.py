"""Outcomes: how much the pain changed, and what share of clients improved.

The one definition of a relevant change in pain on a 0–10 scale, used by the client page, the
four-week review rule, the handout and the practice's outcomes (Farrar 2001 [FA01], IMMPACT [DW08]):

- substantial: at least 50 % less than at baseline;
- relevant: at least 30 % less (Farrar: the percentage is the stable measure, higher baselines
  need larger raw changes);
- minimal: less than 30 % but at least 2 points less (IMMPACT: 10–20 % is minimally important);
- none: any smaller drop, or no change; worse: more pain than at baseline.

Compare like with like: the baseline is the intake's overall pain and "current" is the pain the
client reports at the start of a session (how the days since the last visit were). Pain right
after a session is lowered for a few hours and is only that session's immediate effect; the
trials measured sustained pain.

A baseline of 0 has no percentage: nothing can improve, so any change is labelled "no baseline
pain" (or "worse" when the pain rose). Shares come with a 95 % Wilson score interval, which stays
inside 0–100 % and behaves for small counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from triggerfinder.core import bounds

MINIMAL_POINTS = 2
RELEVANT_SHARE = 0.30
SUBSTANTIAL_SHARE = 0.50
REVIEW_AFTER_DAYS = 28
Z_95 = 1.959963984540054

SUBSTANTIAL = "substantial"
RELEVANT = "relevant"
MINIMAL = "minimal"
NONE = "none"
WORSE = "worse"
NO_BASELINE = "no-baseline"


@dataclass(frozen=True)
class Change:
    baseline: int
    current: int
    points: int  # positive = less pain
    percent: float | None  # share of the baseline, positive = less pain; None for baseline 0
    category: str  # SUBSTANTIAL, RELEVANT, MINIMAL, NONE, WORSE or NO_BASELINE


def change_from_baseline(baseline: int, current: int) -> Change:
    """``current`` is the pain reported at the start of a session, never the pain right after it."""
    if not (bounds.PAIN.contains(baseline) and bounds.PAIN.contains(current)):
        raise ValueError("pain is 0 to 10")
    points = baseline - current
    if baseline == 0:
        return Change(baseline, current, points, None, WORSE if current > 0 else NO_BASELINE)
    percent = points / baseline
    if points < 0:
        category = WORSE
    elif percent >= SUBSTANTIAL_SHARE:
        category = SUBSTANTIAL
    elif percent >= RELEVANT_SHARE:
        category = RELEVANT
    elif points >= MINIMAL_POINTS:
        category = MINIMAL
    else:
        category = NONE
    return Change(baseline, current, points, percent, category)


def is_improved(change: Change) -> bool:
    """At least clinically relevant (30 % less)."""
    return change.category in (RELEVANT, SUBSTANTIAL)


@dataclass(frozen=True)
class PlanOutcome:
    """One plan at a milestone: pain at intake and at the start of the milestone session (how the
    days since the previous visit were), and its groups."""

    baseline: int
    current: int
    chronic: bool
    regions: frozenset[str]  # top-level regions of the intake


@dataclass(frozen=True)
class Tally:
    n: int = 0
    improved_30: int = 0
    improved_50: int = 0


@dataclass(frozen=True)
class Tallies:
    overall: Tally
    chronic: dict[bool, Tally]  # True first
    region: dict[str, Tally]  # by region slug, sorted


def tally(outcomes: Iterable[PlanOutcome]) -> Tallies:
    """Count plans overall, by chronic or not and by region (a plan counts once in each of its
    regions)."""
    counts: dict[tuple[str, object], list[int]] = defaultdict(lambda: [0, 0, 0])
    for outcome in outcomes:
        change = change_from_baseline(outcome.baseline, outcome.current)
        relevant = is_improved(change)
        substantial = change.category == SUBSTANTIAL
        groups: list[tuple[str, object]] = [("overall", None), ("chronic", outcome.chronic)]
        groups += [("region", slug) for slug in outcome.regions]
        for group in groups:
            row = counts[group]
            row[0] += 1
            row[1] += relevant
            row[2] += substantial

    def part(name: str) -> dict[Any, Tally]:
        return {key: Tally(*row) for (group, key), row in counts.items() if group == name}

    chronic = part("chronic")
    return Tallies(
        overall=Tally(*counts[("overall", None)]),
        chronic={key: chronic[key] for key in (True, False) if key in chronic},
        region=dict(sorted(part("region").items())),
    )


@dataclass(frozen=True)
class Share:
    count: int
    total: int
    low: float  # 95 % interval, 0..1
    high: float

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None


def wilson_interval(count: int, total: int, z: float = Z_95) -> Share:
    if total < 0 or not 0 <= count <= total:
        raise ValueError("need 0 <= count <= total")
    if total == 0:
        return Share(0, 0, 0.0, 1.0)
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return Share(count, total, max(0.0, centre - margin), min(1.0, centre + margin))


def needs_review(
    *, baseline: int, first_day: date | None, sessions: Sequence[tuple[date, int]], today: date
) -> bool:
    """True when about four weeks of treatment brought no relevant (30 %) improvement at any session.

    ``sessions`` are (day, pain at the start of the session) pairs, never the pain right after it;
    ``first_day`` is when treatment began.
    """
    if first_day is None or today - first_day < timedelta(days=REVIEW_AFTER_DAYS) or baseline == 0:
        return False
    return not any(is_improved(change_from_baseline(baseline, pain)) for _day, pain in sessions)


def chart_points(
    values: Sequence[int], *, width: float, height: float, top: int = 10
) -> list[tuple[float, float]]:
    """(x, y) for pain values 0..top spread evenly over a width × height box (y grows downward)."""
    if not values:
        return []
    step = width / max(1, len(values) - 1)
    return [(round(i * step, 1), round(height - height * value / top, 1)) for i, value in enumerate(values)]
