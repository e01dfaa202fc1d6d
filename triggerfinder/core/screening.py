"""Screening: which contraindications were found, and what they mean for the treatment.

The verdict is the most severe level present, most severe first:

- ``emergency``: stop; emergency care today.
- ``refer``: medical clarification before any trigger-point work.
- ``postpone``: temporary; treatment starts later (each finding names its minimum delay).
- ``caution``: treat, but modified (lighter pressure, techniques and stretches left out); see
  ``core.gate``.
- ``clear``: nothing found.

Two rules keep the verdict from being too mild, whatever the knowledge base says:

- **Floors.** ``SAFETY_FLOORS`` names the safety-critical findings and their minimum level. The
  screening never uses a level below it; the admin, the import, model validation and ``check``
  refuse a lower one (``triggerfinder.services.knowledge.rules``).
- **Escalation.** Findings that together are more serious than each alone (fever with a raised
  infection risk) raise the verdict by the knowledge base's ``EscalationRule`` entries, each shown
  with its reason.

``emergency`` and ``refer`` block a plan until a medical clearance covers them (``core.gate``).
A verdict is never dropped: every contraindication found stays among its reasons.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from triggerfinder.core.knowledge import Contraindication, EscalationRule, KnowledgeSnapshot

EMERGENCY = "emergency"
REFER = "refer"
POSTPONE = "postpone"
CAUTION = "caution"
CLEAR = "clear"

SEVERITY = (EMERGENCY, REFER, POSTPONE, CAUTION, CLEAR)
LEVELS = SEVERITY[:-1]  # the levels a contraindication can have
BLOCKING = frozenset({EMERGENCY, REFER})

# The minimum level of the safety-critical findings (facts §5.1, §5.2, §5.3, §5.5): cauda equina
# signs, progressive neurological deficit and the other emergencies, and the nerve and vascular signs
# that the product promises always mean "medical clarification first". "Age over 50 with new back
# pain" and the inflammatory pattern are weak alone (caution) and have no floor: an escalation rule
# raises them with another flag (facts §5.5, [DOW13][FIN20]).
SAFETY_FLOORS: Mapping[str, str] = {
    "saddle-numbness": EMERGENCY,
    "bladder-bowel-dysfunction": EMERGENCY,
    "cauda-equina-sexual-dysfunction": EMERGENCY,
    "bilateral-leg-symptoms": EMERGENCY,
    "progressive-neurological-deficit": EMERGENCY,
    "severe-trauma": EMERGENCY,
    "fever-with-back-pain": EMERGENCY,
    "pulsating-abdominal-mass": EMERGENCY,
    "aneurysm-sudden-pain": EMERGENCY,
    "suspected-dvt": EMERGENCY,
    "chest-pain": EMERGENCY,
    "aortic-dissection": EMERGENCY,
    "thunderclap-headache": EMERGENCY,
    "headache-fever-stiff-neck": EMERGENCY,
    "suspected-arterial-dissection": EMERGENCY,
    "spontaneous-arterial-dissection": EMERGENCY,
    "brainstem-signs": EMERGENCY,
    "giant-cell-arteritis-vision": EMERGENCY,
    "radiating-nerve-pain": REFER,
    "numbness": REFER,
    "tingling": REFER,
    "leg-weakness": REFER,
    "arm-numbness-weakness": REFER,
    "cervical-myelopathy": REFER,
    "giant-cell-arteritis": REFER,
    "secondary-headache": REFER,
    "neck-vascular-risk": REFER,
    "superficial-thrombophlebitis": REFER,
    "cancer-history": REFER,
    "infection-risk": REFER,
    "minor-trauma-osteoporosis": REFER,
    "high-risk-pregnancy": REFER,
    "uncontrolled-hypertension-heart": REFER,
}

# The red flags every client must see at a glance on the finder: nerve signs that need medical
# clarification first, and the cauda equina signs that are an emergency.
RED_FLAGS = ("numbness", "tingling", "leg-weakness", "radiating-nerve-pain")
EMERGENCY_FLAGS = ("saddle-numbness", "bladder-bowel-dysfunction")
# What the seed article says to clarify before any self-treatment: the public finder shows these
# with every answer.
ASK_BEFORE_SELF_TREATMENT = (
    "blood-thinners",
    "pregnancy",
    "osteoporosis",
    "acute-injury",
    "inflammation",
    "open-wound",
    "fever",
)


def more_severe(first: str, second: str) -> str:
    return first if SEVERITY.index(first) <= SEVERITY.index(second) else second


def floor_level(slug: str) -> str | None:
    return SAFETY_FLOORS.get(slug)


def below_floor(slug: str, level: str) -> bool:
    """True when ``level`` is milder than the floor of ``slug``."""
    floor = floor_level(slug)
    return floor is not None and more_severe(floor, level) != level


def effective(contraindication: Contraindication) -> Contraindication:
    """The contraindication at its level, never below its floor."""
    floor = floor_level(contraindication.slug)
    if floor is None or not below_floor(contraindication.slug, contraindication.level):
        return contraindication
    return dataclasses.replace(contraindication, level=floor)


@dataclass(frozen=True)
class Escalation:
    rule: EscalationRule
    findings: tuple[str, ...]  # the slugs that made it apply


@dataclass(frozen=True)
class Verdict:
    level: str
    reasons: tuple[Contraindication, ...]  # every contraindication found, most severe first
    escalations: tuple[Escalation, ...] = ()

    @property
    def needs_clearance(self) -> bool:
        """Treatment waits for a medical clearance."""
        return self.level in BLOCKING

    @property
    def postpones(self) -> bool:
        return any(reason.level == POSTPONE for reason in self.reasons)

    @property
    def cautions(self) -> tuple[Contraindication, ...]:
        """Contraindications whose advice modifies the treatment, whatever the overall level."""
        return tuple(reason for reason in self.reasons if reason.level == CAUTION)

    def at_level(self, level: str) -> tuple[Contraindication, ...]:
        return tuple(reason for reason in self.reasons if reason.level == level)

    def level_of(self, slug: str) -> str:
        """The level a finding counts at: its own (floored), or higher where an escalation joins it."""
        level = next((r.level for r in self.reasons if r.slug == slug), CLEAR)
        for escalation in self.escalations:
            if slug in escalation.findings:
                level = more_severe(level, escalation.rule.level)
        return level


def escalations(found: Iterable[str], rules: Iterable[EscalationRule]) -> tuple[Escalation, ...]:
    present = set(found)
    applied = []
    for rule in rules:
        groups = [sorted(present & group) for group in rule.groups]
        if groups and all(groups):
            applied.append(Escalation(rule, tuple(slug for group in groups for slug in group)))
    return tuple(applied)


def screen_contraindications(
    found: Iterable[Contraindication], rules: Iterable[EscalationRule] = ()
) -> Verdict:
    """The verdict over contraindications already loaded (each at most once counts)."""
    unique = {c.slug: effective(c) for c in found}
    reasons = sorted(unique.values(), key=lambda c: (SEVERITY.index(c.level), c.order, c.slug))
    applied = escalations(unique, rules)
    level = CLEAR
    for candidate in [r.level for r in reasons] + [e.rule.level for e in applied]:
        level = more_severe(level, candidate)
    return Verdict(level=level, reasons=tuple(reasons), escalations=applied)


def screen(snapshot: KnowledgeSnapshot, contraindications: Iterable[str]) -> Verdict:
    found = snapshot.require("contraindications", contraindications)
    return screen_contraindications(
        (snapshot.contraindications[slug] for slug in found), snapshot.escalation_rules
    )


# Screening questions ------------------------------------------------------------------------------
#
# Each contraindication is a yes/no question. Those with body areas (``warning_regions``) are asked
# of clients with pain there, grouped by area; the others of every client. An unanswered question
# is "not asked", never "no": a plan waits until every question shown was answered (core.gate).


@dataclass(frozen=True)
class QuestionGroup:
    area: str | None  # a top-level region; None: the questions every client is asked
    questions: tuple[str, ...]  # contraindication slugs, in the knowledge base's order


def screening_questions(
    catalogue: Iterable[Contraindication], areas: Iterable[str], area_order: Iterable[str] = ()
) -> tuple[QuestionGroup, ...]:
    """The questions for a client with pain in ``areas``: the general group first, then one group
    per area (in ``area_order``, the others by slug). A question that belongs to several of the
    client's areas is asked once, in the first of them."""
    painful = set(areas)
    order = [area for area in area_order if area in painful]
    order += sorted(painful - set(order))
    ranked = sorted(catalogue, key=lambda c: (c.order, c.slug))
    general = tuple(c.slug for c in ranked if not c.warning_regions)
    groups = [QuestionGroup(None, general)] if general else []
    asked = set(general)
    for area in order:
        questions = tuple(c.slug for c in ranked if area in c.warning_regions and c.slug not in asked)
        asked.update(questions)
        if questions:
            groups.append(QuestionGroup(area, questions))
    return tuple(groups)


def questions_of(groups: Iterable[QuestionGroup]) -> tuple[str, ...]:
    return tuple(slug for group in groups for slug in group.questions)


def unanswered(groups: Iterable[QuestionGroup], answers: Mapping[str, bool]) -> tuple[str, ...]:
    """The questions of ``groups`` without a yes or no in ``answers``."""
    return tuple(slug for slug in questions_of(groups) if slug not in answers)


def questions_for(snapshot: KnowledgeSnapshot, regions: Iterable[str]) -> tuple[QuestionGroup, ...]:
    """The screening questions the intake shows for pain in ``regions``."""
    top = [region.slug for region in snapshot.top_regions]
    return screening_questions(snapshot.contraindications.values(), snapshot.areas_of(regions), top)


def all_answered(groups: Iterable[QuestionGroup], yes: Iterable[str]) -> dict[str, bool]:
    """Every question of ``groups`` answered: yes for ``yes``, no for the others. For synthetic
    intakes (the demo data, tests), where nobody sits in front of the therapist."""
    present = set(yes)
    return {slug: slug in present for slug in questions_of(groups)} | dict.fromkeys(present, True)
