"""The safety gate: one decision, from the client's current findings, for every output.

Every path that says or schedules something for a client asks ``decide`` and nothing else: the
plan page and its accept, reschedule and date moves, the handout (single and both ZIPs), the
calendar export and the therapist's calendar feed, session recording, the client page and list,
the live preview and the plan preview API. See docs/safety.md.

Inputs are plain data: the client's current findings (those of the latest intake plus every one
recorded since), the medical clearances on record, the escalation rules and the date.

- A finding counts at its floored level, raised where an escalation rule joins it.
- ``emergency`` and ``refer`` findings block until a clearance covers them. A clearance covers
  the findings it names, when it is dated no earlier than each was recorded and not in the
  future; a finding recorded after it is not covered.
- A blocked client gets no techniques, no dates (an uncleared emergency) or dates "only after
  medical clearance" (refer), and no calendar; recording a session is refused.
- ``postpone`` findings delay the start by each one's minimum (surgery about six weeks, a day
  after intoxication); resolving one early does not shorten that, and no session takes place
  while one is still current (the therapist marks it resolved when it has passed).
- Cautions change the instructions: a muscle or stretch a caution excludes is left out, and
  "light" pressure means the muscle's light variant or no technique at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from triggerfinder.core.knowledge import (
    PRESSURE_LIGHT,
    PRESSURE_NONE,
    PRESSURE_NORMAL,
    PRESSURES,
    Contraindication,
    EscalationRule,
    Muscle,
)
from triggerfinder.core.screening import (
    BLOCKING,
    CAUTION,
    EMERGENCY,
    POSTPONE,
    REFER,
    SEVERITY,
    Escalation,
    Verdict,
    effective,
    screen_contraindications,
)

# What a technique may be for this client.
TECHNIQUE_FULL = "full"
TECHNIQUE_LIGHT = "light"
TECHNIQUE_OMIT = "omit"

# Which dates an output may show.
DATES_PLANNED = "planned"
DATES_AFTER_CLEARANCE = "after-clearance"  # refer: tentative, only once a doctor has cleared it
DATES_NONE = "none"  # an uncleared emergency: no treatment dates at all

# What the therapist's calendar feed shows of a client's appointment.
FEED_WITH_PLAN = "with-plan"  # the booked time and which treatment of the plan it is
FEED_TIME_ONLY = "time-only"  # the booked time only: nothing of the plan while a red flag is uncleared

# What to tell the client, most important first; outputs word them in the client's language.
NOTICE_EMERGENCY = "emergency"  # call 112 / emergency department now, because of ``finding``
NOTICE_ESCALATED = "escalated"  # a combination of findings, ``escalation`` says why
NOTICE_SEE_DOCTOR = "see-doctor"  # see a doctor before any treatment, because of ``finding``
NOTICE_CLEARED = "cleared"  # a doctor cleared the treatment on ``day``
NOTICE_START_ON = "start-on"  # start only on ``day``
NOTICE_POSTPONE = "postpone"  # the advice of a postpone ``finding``
NOTICE_CAUTION = "caution"  # the advice of a caution ``finding``
NOTICE_LIGHT_PRESSURE = "light-pressure"  # press lightly only
NOTICE_NO_PRESSURE = "no-pressure"  # no self-pressure at all


@dataclass(frozen=True)
class Finding:
    """A contraindication recorded for a client (``key`` is the record's id)."""

    key: int | str
    contraindication: Contraindication
    recorded_on: date
    resolved_on: date | None = None

    @property
    def slug(self) -> str:
        return self.contraindication.slug


@dataclass(frozen=True)
class Clearance:
    """A medical clearance of the findings it names (their keys)."""

    key: int | str
    cleared_on: date
    covers: frozenset[int | str]
    recorded_by: str = ""
    note: str = ""

    def covers_finding(self, finding: Finding, today: date) -> bool:
        return finding.key in self.covers and finding.recorded_on <= self.cleared_on <= today


@dataclass(frozen=True)
class Notice:
    kind: str
    finding: Contraindication | None = None
    day: date | None = None
    escalation: Escalation | None = None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    today: date
    findings: tuple[Finding, ...]  # current: recorded and not resolved
    blocking: tuple[Finding, ...]  # current findings at emergency or refer (escalations counted)
    uncovered: tuple[Finding, ...]  # blocking findings no valid clearance covers
    clearances: tuple[Clearance, ...]  # the valid clearances that cover a blocking finding
    not_before: date | None  # the earliest treatment day a postpone finding allows
    pressure: str
    excluded_muscles: Mapping[str, tuple[Contraindication, ...]]  # muscle -> the cautions why
    excluded_stretches: Mapping[str, tuple[Contraindication, ...]]
    warning_signs: tuple[Contraindication, ...]
    notices: tuple[Notice, ...] = field(default_factory=tuple)
    # Screening questions shown at the intake and not answered: "not asked" is not "no".
    unanswered: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        return self.verdict.level

    @property
    def blocked(self) -> bool:
        """Emergency or refer findings that no clearance covers: no treatment, no techniques."""
        return bool(self.uncovered)

    @property
    def emergency(self) -> bool:
        return any(self.verdict.level_of(f.slug) == EMERGENCY for f in self.uncovered)

    @property
    def cleared(self) -> bool:
        return bool(self.blocking) and not self.uncovered

    @property
    def postponed(self) -> bool:
        return self.not_before is not None and self.not_before > self.today

    @property
    def screening_open(self) -> bool:
        return bool(self.unanswered)

    @property
    def may_accept(self) -> bool:
        return not self.blocked and not self.screening_open

    @property
    def may_print_techniques(self) -> bool:
        return not self.blocked

    @property
    def may_export_calendar(self) -> bool:
        return not self.blocked

    @property
    def calendar_feed(self) -> str:
        """What the therapist's private calendar feed shows of this client's appointments. A booked
        time always stays in it (the therapist needs it, to call the client off too), but while a
        red flag is uncleared only as the appointment, without the plan's treatment number; the
        feed never shows health data either way."""
        return FEED_TIME_ONLY if self.blocked else FEED_WITH_PLAN

    @property
    def dates(self) -> str:
        if self.emergency:
            return DATES_NONE
        return DATES_AFTER_CLEARANCE if self.blocked else DATES_PLANNED

    def earliest_start(self, wanted: date | None = None) -> date:
        """The first day a plan may start: the wanted day (default today), not before the postpone date."""
        start = wanted or self.today
        return max(start, self.not_before) if self.not_before else start

    def start_allowed(self, day: date) -> bool:
        return self.not_before is None or day >= self.not_before

    @property
    def waiting(self) -> tuple[Finding, ...]:
        """Current postpone findings: treatment waits until they are marked resolved."""
        return tuple(f for f in self.findings if self.verdict.level_of(f.slug) == POSTPONE)

    def may_book(self, day: date) -> bool:
        """An appointment on ``day`` may be booked or moved there: no uncleared red flag (a
        referral waits for the doctor's clearance, an emergency has no dates at all) and not before
        the postpone date. A postpone finding not yet resolved does not stop a booking after it."""
        return not self.blocked and self.start_allowed(day)

    def may_remind(self, day: date) -> bool:
        """The client may be reminded of an appointment on ``day``: only where it could be booked
        now. A red flag or a postponement found after the booking holds the reminder back; the
        practice calls the client instead."""
        return self.may_book(day)

    def may_treat(self, day: date) -> bool:
        """A session on ``day`` may take place (and be recorded): no uncleared red flag, nothing
        still postponing it, and not before the postpone date."""
        return not self.blocked and not self.waiting and self.start_allowed(day)

    def technique(self, muscle: Muscle) -> str:
        if self.blocked or muscle.slug in self.excluded_muscles or self.pressure == PRESSURE_NONE:
            return TECHNIQUE_OMIT
        if self.pressure == PRESSURE_LIGHT:
            return TECHNIQUE_LIGHT if (muscle.light_steps.de and muscle.light_steps.en) else TECHNIQUE_OMIT
        return TECHNIQUE_FULL

    def stretch_allowed(self, slug: str) -> bool:
        return not self.blocked and slug not in self.excluded_stretches

    def treatable_muscles(self, slugs: Iterable[str]) -> list[str]:
        """The muscles a therapist may work on now (e.g. to fill in a session form)."""
        return [] if self.blocked else [slug for slug in slugs if slug not in self.excluded_muscles]


def _strictest(pressures: Iterable[str]) -> str:
    known = [p for p in pressures if p in PRESSURES]
    return max(known, key=PRESSURES.index, default=PRESSURE_NORMAL)


def _excluded(findings: Iterable[Finding], attribute: str) -> dict[str, tuple[Contraindication, ...]]:
    why: dict[str, list[Contraindication]] = {}
    for finding in findings:
        for slug in sorted(getattr(finding.contraindication, attribute)):
            why.setdefault(slug, []).append(finding.contraindication)
    return {slug: tuple(reasons) for slug, reasons in why.items()}


def warning_signs_for(
    catalogue: Iterable[Contraindication], areas: frozenset[str]
) -> tuple[Contraindication, ...]:
    """The warning signs for pain in ``areas`` (top-level regions; none known: all of them), most
    urgent first (facts §5.7)."""
    signs = [
        effective(c)
        for c in catalogue
        if c.client_warning and (not areas or not c.warning_regions or c.warning_regions & areas)
    ]
    return tuple(sorted(signs, key=lambda c: (SEVERITY.index(c.level), c.order, c.slug)))


def decide(
    findings: Iterable[Finding],
    clearances: Iterable[Clearance] = (),
    *,
    today: date,
    rules: Iterable[EscalationRule] = (),
    areas: Iterable[str] = (),
    warning_catalogue: Iterable[Contraindication] = (),
    unanswered: Iterable[str] = (),
) -> Decision:
    """What every output may say or schedule for a client today.

    ``findings`` are the client's findings in the current screening, resolved ones included (a
    postpone finding's minimum delay outlasts its resolution); ``areas`` the top-level regions
    that hurt, for the warning signs by body area; ``unanswered`` the screening questions of the
    latest intake without an answer (a plan waits for them).
    """
    recorded = list(findings)
    current = [f for f in recorded if f.resolved_on is None or f.resolved_on > today]
    # The same red flag may be current twice (found again at a later visit): each one needs its
    # own clearance, so every finding stays, and only the verdict's reasons are one per kind.
    verdict = screen_contraindications((f.contraindication for f in current), rules)
    blocking = [f for f in current if verdict.level_of(f.slug) in BLOCKING]
    clearances = list(clearances)
    uncovered = [f for f in blocking if not any(c.covers_finding(f, today) for c in clearances)]
    covering = [c for c in clearances if any(c.covers_finding(f, today) for f in blocking)]
    delays = [
        f.recorded_on + timedelta(days=effective(f.contraindication).postpone_days)
        for f in recorded
        if effective(f.contraindication).level == POSTPONE
    ]
    not_before = max(delays, default=None)
    pressure = _strictest(f.contraindication.pressure for f in current)
    decision = Decision(
        verdict=verdict,
        today=today,
        findings=tuple(current),
        blocking=tuple(blocking),
        uncovered=tuple(uncovered),
        clearances=tuple(covering),
        not_before=not_before,
        pressure=pressure,
        excluded_muscles=_excluded(current, "excluded_muscles"),
        excluded_stretches=_excluded(current, "excluded_stretches"),
        warning_signs=warning_signs_for(warning_catalogue, frozenset(areas)),
        unanswered=tuple(unanswered),
    )
    return dataclasses.replace(decision, notices=_notices(decision))


def _notices(decision: Decision) -> tuple[Notice, ...]:
    verdict = decision.verdict
    uncovered = {f.slug for f in decision.uncovered}
    notices: list[Notice] = []
    for reason in verdict.reasons:
        if reason.slug in uncovered and reason.level == EMERGENCY:
            notices.append(Notice(NOTICE_EMERGENCY, finding=reason))
    for escalation in verdict.escalations:
        if escalation.rule.level in BLOCKING and uncovered & set(escalation.findings):
            notices.append(Notice(NOTICE_ESCALATED, escalation=escalation))
    for reason in verdict.reasons:
        if reason.slug in uncovered and reason.level == REFER:
            notices.append(Notice(NOTICE_SEE_DOCTOR, finding=reason))
    if decision.cleared:
        notices.append(Notice(NOTICE_CLEARED, day=max(c.cleared_on for c in decision.clearances)))
    if decision.postponed:
        notices.append(Notice(NOTICE_START_ON, day=decision.not_before))
    notices += [Notice(NOTICE_POSTPONE, finding=r) for r in verdict.at_level(POSTPONE)]
    notices += [Notice(NOTICE_CAUTION, finding=r) for r in verdict.at_level(CAUTION)]
    if decision.pressure == PRESSURE_NONE:
        notices.append(Notice(NOTICE_NO_PRESSURE))
    elif decision.pressure == PRESSURE_LIGHT:
        notices.append(Notice(NOTICE_LIGHT_PRESSURE))
    return tuple(notices)


def findings_for_intake(contraindications: Iterable[Contraindication], *, recorded_on: date) -> list[Finding]:
    """Findings not yet saved (an intake being typed), keyed by slug."""
    return [Finding(key=c.slug, contraindication=c, recorded_on=recorded_on) for c in contraindications]


# Why a clearance cannot be recorded as typed.
CLEARANCE_NOTHING = "nothing"  # it names no finding
CLEARANCE_IN_FUTURE = "future"
CLEARANCE_BEFORE_FINDING = "before-finding"  # dated before a finding it names was recorded
CLEARANCE_NOT_NEEDED = "not-needed"  # names a finding that needs no clearance (or is not current)


def clearance_problems(decision: Decision, *, cleared_on: date, covers: Iterable[int | str]) -> list[str]:
    """What is wrong with a clearance of ``covers`` dated ``cleared_on``; empty when it is valid."""
    blocking = {f.key: f for f in decision.blocking}
    named = list(dict.fromkeys(covers))
    problems = []
    if not named:
        problems.append(CLEARANCE_NOTHING)
    if cleared_on > decision.today:
        problems.append(CLEARANCE_IN_FUTURE)
    if any(key not in blocking for key in named):
        problems.append(CLEARANCE_NOT_NEEDED)
    if any(key in blocking and cleared_on < blocking[key].recorded_on for key in named):
        problems.append(CLEARANCE_BEFORE_FINDING)
    return problems


def may_resolve(decision: Decision, key: int | str) -> bool:
    """A current finding may be marked resolved unless it needs a medical clearance: a red flag is
    cleared by a doctor, never ticked off."""
    return any(f.key == key for f in decision.findings) and not any(f.key == key for f in decision.blocking)
