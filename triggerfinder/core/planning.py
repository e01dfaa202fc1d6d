"""Planning: the treatment focus and the session cycle with its maintenance visits.

The rules, each in one place below and tested in tests/core/test_planning.py:

- Focus: the finder's ranking for the painful regions (intensity above 0), re-weighted by how much
  each region hurts and by the intake's perpetuating factors that keep the muscle going.
- Cycle: pain for ``LONG_STANDING_MONTHS`` (12) months or longer gets 8–12 sessions, more regions
  and higher intensity towards 12; otherwise 3–5 (the seed article's rule).
- Chronic means pain for ``CHRONIC_MONTHS`` (3) months or longer (IASP); labels and the practice
  figures split by it. Acute means under about six weeks (``ACUTE_MONTHS``): the proposal carries
  the guideline note to stay active (massage is not recommended for acute non-specific low back
  pain, NVL).
- Never in the past: the first session is not before today, and not today once the usual time of
  day has passed.
- Spacing: the first half of the cycle weekly, the rest every two weeks (``Spacing``); each
  session at least 45 minutes (``bounds.SESSION_MINUTES``).
- Maintenance: after the cycle, a visit every 6–8 weeks (6 by default).
- Dates fall only on the practice's working days; a date on a closed day moves to the next open one.
- The safety gate (``core.gate``) decides the earliest start: a postpone finding delays it by
  its own minimum, e.g. about six weeks after surgery.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from triggerfinder.core import bounds, gate
from triggerfinder.core.finder import RegionMatch, normalise_regions, rank_muscles
from triggerfinder.core.knowledge import KnowledgeSnapshot, Muscle
from triggerfinder.core.screening import Verdict

LONG_STANDING_MONTHS = 12
CHRONIC_MONTHS = 3  # IASP: pain that persists or recurs for longer than three months
ACUTE_MONTHS = 1  # "pain for 0 or 1 months" is the intake's closest to "under six weeks"
SESSION_TIME = time(9, 0)
CHRONIC_SESSIONS = (8, 12)
SHORT_SESSIONS = (3, 5)
FOCUS_SIZE = 5
# A perpetuating factor linked to a muscle counts like a common referral (2) at medium pain (5).
FACTOR_POINTS = 10

CYCLE = "cycle"
MAINTENANCE = "maintenance"


def plan_date_ok(day: date, *, today: date) -> bool:
    """A date a therapist may give a plan or a session (``bounds.PLAN_DATES``)."""
    return bounds.PLAN_DATES.contains(day, today=today)


@dataclass(frozen=True)
class Spacing:
    """Days between sessions: ``first_interval_days`` up to session ``weekly_sessions``, then
    ``later_interval_days``. ``weekly_sessions`` None means the first half of the cycle."""

    first_interval_days: int = 7
    later_interval_days: int = 14
    weekly_sessions: int | None = None

    def first_phase_sessions(self, cycle_length: int) -> int:
        """How many sessions the first phase has (the first spacing runs between them)."""
        return self.weekly_sessions if self.weekly_sessions is not None else math.ceil(cycle_length / 2)

    def days_after(self, number: int, cycle_length: int) -> int:
        """Days from session ``number`` to the next one."""
        return (
            self.first_interval_days
            if number < self.first_phase_sessions(cycle_length)
            else self.later_interval_days
        )


@dataclass(frozen=True)
class PracticeCalendar:
    working_days: frozenset[int] = frozenset(range(6))  # Monday (0) to Saturday (5)
    maintenance_weeks: int = 6
    maintenance_visits: int = 3
    session_minutes: int = 60
    session_time: time = SESSION_TIME  # a plan's usual time of day

    def next_open_day(self, day: date) -> date:
        if not self.working_days:
            raise ValueError("the practice has no working days")
        while day.weekday() not in self.working_days:
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class FocusMuscle:
    muscle: Muscle
    score: int
    matches: tuple[RegionMatch, ...]
    intensities: Mapping[str, int]  # chosen region -> intensity 0–10
    factors: tuple[str, ...]  # the intake's perpetuating factors that keep this muscle going


@dataclass(frozen=True)
class PlannedDate:
    number: int  # 1.. within its kind
    day: date
    kind: str  # CYCLE or MAINTENANCE


@dataclass(frozen=True)
class Proposal:
    decision: gate.Decision
    focus: tuple[FocusMuscle, ...]
    chronic: bool
    acute: bool
    cycle_length: int
    start: date
    spacing: Spacing
    maintenance_weeks: int
    sessions: tuple[PlannedDate, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict:
        return self.decision.verdict

    @property
    def cycle_dates(self) -> list[date]:
        return [s.day for s in self.sessions if s.kind == CYCLE]

    @property
    def maintenance_dates(self) -> list[date]:
        return [s.day for s in self.sessions if s.kind == MAINTENANCE]


def is_chronic(duration_months: int) -> bool:
    return duration_months >= CHRONIC_MONTHS


def is_acute(duration_months: int) -> bool:
    return duration_months <= ACUTE_MONTHS


def first_possible_day(today: date, now: time | None, calendar: PracticeCalendar) -> date:
    """Today, unless the plan's usual time of day has already passed."""
    return today + timedelta(days=1) if now is not None and now >= calendar.session_time else today


def cycle_length(*, duration_months: int, painful_regions: int, max_intensity: int) -> int:
    """8–12 sessions for pain of a year or more, 3–5 otherwise; more regions and more pain → more."""
    if duration_months >= LONG_STANDING_MONTHS:
        low, high = CHRONIC_SESSIONS
        extra = min(2, max(0, painful_regions - 1)) + (max_intensity >= 7) + (max_intensity >= 9)
    else:
        low, high = SHORT_SESSIONS
        extra = (painful_regions >= 2) + (max_intensity >= 7)
    return min(high, low + extra)


def painful(regions: Mapping[str, int]) -> dict[str, int]:
    return {slug: intensity for slug, intensity in regions.items() if intensity > 0}


def focus_muscles(
    snapshot: KnowledgeSnapshot,
    regions: Mapping[str, int],
    factors: Iterable[str] = (),
    *,
    limit: int = FOCUS_SIZE,
) -> tuple[FocusMuscle, ...]:
    """The muscles to treat first: the finder's ranking with each region's intensity, plus the
    perpetuating factors that keep a muscle going."""
    hurting = painful(regions)
    chosen = normalise_regions(snapshot, hurting)
    # A dropped sub-region (its parent was chosen too) lends its intensity to the parent.
    intensity = {
        slug: max(value for sub, value in hurting.items() if sub == slug or slug in snapshot.ancestors(sub))
        for slug in chosen
    }
    factor_set = set(snapshot.require("perpetuating_factors", factors))
    linked = {
        slug: tuple(sorted(factor_set.intersection(m.perpetuating_factors)))
        for slug, m in snapshot.muscles.items()
    }
    ranked = rank_muscles(
        snapshot,
        chosen,
        limit=limit,
        intensities=intensity,
        bonus={slug: FACTOR_POINTS * len(found) for slug, found in linked.items()},
    )
    return tuple(
        FocusMuscle(
            muscle=r.muscle,
            score=r.score,
            matches=r.matches,
            intensities={m.chosen: intensity[m.chosen] for m in r.matches},
            factors=linked[r.muscle.slug],
        )
        for r in ranked
    )


def schedule(
    *,
    start: date,
    cycle_length: int,
    spacing: Spacing,
    calendar: PracticeCalendar,
    maintenance_weeks: int | None = None,
) -> tuple[PlannedDate, ...]:
    weeks = maintenance_weeks if maintenance_weeks is not None else calendar.maintenance_weeks
    sessions = []
    day = calendar.next_open_day(start)
    for number in range(1, cycle_length + 1):
        sessions.append(PlannedDate(number, day, CYCLE))
        day = calendar.next_open_day(day + timedelta(days=spacing.days_after(number, cycle_length)))
    last = sessions[-1].day if sessions else calendar.next_open_day(start)
    for number in range(1, calendar.maintenance_visits + 1):
        # Each visit counts from the planned one before, not from a date a closed day moved.
        last = last + timedelta(weeks=weeks)
        sessions.append(PlannedDate(number, calendar.next_open_day(last), MAINTENANCE))
    return tuple(sessions)


def intake_decision(
    snapshot: KnowledgeSnapshot, *, contraindications: Iterable[str], regions: Iterable[str], today: date
) -> gate.Decision:
    """The gate's decision for findings being recorded today, before anything is saved (the live
    preview and a new intake); saved records are decided from the database (``selectors``)."""
    found = snapshot.require("contraindications", contraindications)
    return gate.decide(
        gate.findings_for_intake((snapshot.contraindications[s] for s in found), recorded_on=today),
        today=today,
        rules=snapshot.escalation_rules,
        areas=snapshot.areas_of(regions),
        warning_catalogue=snapshot.contraindications.values(),
    )


def propose(
    snapshot: KnowledgeSnapshot,
    *,
    regions: Mapping[str, int],
    duration_months: int,
    factors: Iterable[str] = (),
    contraindications: Iterable[str] = (),
    today: date,
    start: date | None = None,
    calendar: PracticeCalendar | None = None,
    now: time | None = None,
) -> Proposal:
    """The suggested plan for an intake: verdict, focus muscles, cycle and maintenance dates.

    ``now`` is the local time of day when the proposal is made (None: the day is still open)."""
    calendar = calendar or PracticeCalendar()
    if duration_months < 0:
        raise ValueError("duration_months must not be negative")
    if not all(bounds.PAIN.contains(value) for value in regions.values()):
        raise ValueError("intensities are 0 to 10")
    decision = intake_decision(
        snapshot, contraindications=contraindications, regions=painful(regions), today=today
    )
    factors = list(factors)
    focus = focus_muscles(snapshot, regions, factors)
    hurting = painful(regions)
    length = cycle_length(
        duration_months=duration_months,
        painful_regions=len(normalise_regions(snapshot, hurting)),
        max_intensity=max(hurting.values(), default=0),
    )
    earliest = first_possible_day(today, now, calendar)
    first_day = decision.earliest_start(max(start, earliest) if start else earliest)
    spacing = Spacing()
    return Proposal(
        decision=decision,
        focus=focus,
        chronic=is_chronic(duration_months),
        acute=is_acute(duration_months),
        cycle_length=length,
        start=first_day,
        spacing=spacing,
        maintenance_weeks=calendar.maintenance_weeks,
        sessions=schedule(start=first_day, cycle_length=length, spacing=spacing, calendar=calendar),
    )
