"""What a handout is made of, as plain data: its input (``HandoutInput``, gathered by
``data.py``) and what it says (``Handout`` with its ``MuscleSection``s), which ``render.py`` draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from triggerfinder.core import gate
from triggerfinder.core.planning import FocusMuscle, PlannedDate


@dataclass(frozen=True)
class Practice:
    name: str
    address: str = ""
    phone: str = ""
    logo_path: str = ""


@dataclass(frozen=True)
class HandoutInput:
    """Everything the handout needs, loaded by the selectors; no ORM object inside."""

    language: str
    client_name: str
    today: date
    practice: Practice
    decision: gate.Decision  # the safety gate's, from the database at the moment of printing
    focus: Sequence[FocusMuscle]
    factors: Sequence[str]
    sessions: Sequence[PlannedDate]
    session_time: str = ""
    baseline: int | None = None  # overall pain at intake
    # (day, pain at the start of the session: how the days since the last visit were) per recorded
    # session since the intake; the pain right after a session is never progress.
    pain_before: Sequence[tuple[date, int]] = ()


@dataclass(frozen=True)
class StretchText:
    name: str
    instructions: str
    dose: str
    caution: str


@dataclass(frozen=True)
class MuscleSection:
    slug: str
    name: str
    latin_name: str
    view: str
    referral_weights: dict[str, int]  # region slug -> weight, for the diagram's shaded zone
    reason: str
    technique_kind: str  # gate.TECHNIQUE_FULL, _LIGHT or _OMIT
    technique_title: str  # "Self-treatment" or its gentle variant; empty when left out
    technique: list[str]  # empty when left out
    stretch: StretchText | None
    omitted: str  # why there is no technique, in plain words; empty when there is one


@dataclass(frozen=True)
class FindingText:
    """Findings as the letter names them: their labels and what the client should do (findings
    with the same advice share it: the letter says it once)."""

    labels: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class Handout:
    language: str
    title: str
    subject: str
    practice: Practice
    client_name: str
    date_text: str
    intro: str
    letter: bool = False  # blocked: the one-page letter, not the self-care handout
    actions: list[str] = field(default_factory=list)  # letter: what to do now, first things first
    findings: list[FindingText] = field(default_factory=list)  # letter: what was found
    contact: list[str] = field(default_factory=list)  # letter: the practice's name, address, phone
    notices: list[str] = field(default_factory=list)  # the decision's notices, most important first
    general_rules: list[str] = field(default_factory=list)
    muscles: list[MuscleSection] = field(default_factory=list)
    more_muscles: str = ""
    factor_advice: list[tuple[str, str]] = field(default_factory=list)
    cycle_dates: list[str] = field(default_factory=list)
    maintenance_dates: list[str] = field(default_factory=list)
    aftercare: list[str] = field(default_factory=list)
    warning_signs: list[str] = field(default_factory=list)  # see a doctor
    emergency_signs: list[str] = field(default_factory=list)  # call 112
    disclaimer: str = ""
    progress: str = ""  # only once there are two sessions
    progress_values: list[int] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
