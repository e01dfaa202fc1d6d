"""What a client's handout says, as plain data in the client's language.

This module decides the words; ``render.py`` decides the look. The screening rules for the
handout live here and are tested as text (tests/test_handout_content.py):

- ``emergency``: a notice to seek emergency care today; no self-treatment and no stretches.
- ``refer``: "please have this checked by a doctor first" instead of every pressure technique and
  stretch, unless the therapist has recorded a medical clearance.
- ``postpone``: the techniques, with a notice to start only on the plan's start date.
- ``caution``: each caution's client advice at the top, and "gentle pressure only" in every
  technique.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from triggerfinder.core.bodymap import view_for_marks
from triggerfinder.core.gate import Decision
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.core.outcomes import change_from_baseline, is_improved
from triggerfinder.core.planning import CYCLE, MAINTENANCE, FocusMuscle, PlannedDate
from triggerfinder.core.screening import (
    CAUTION,
    EMERGENCY,
    EMERGENCY_FLAGS,
    POSTPONE,
    RED_FLAGS,
    REFER,
)

# Three muscles in full keep the handout at about two pages; the plan's other focus muscles are
# named below them.
HANDOUT_MUSCLES = 3


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
    decision: Decision  # the safety gate's, from the database at the moment of printing
    focus: Sequence[FocusMuscle]
    factors: Sequence[str]
    sessions: Sequence[PlannedDate]
    session_time: str = ""
    baseline: int | None = None  # overall pain at intake
    pain_after: Sequence[tuple[date, int]] = ()  # recorded sessions since the intake


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
    technique: list[str]  # empty when the screening forbids self-pressure
    stretch: StretchText | None
    instead: str  # what replaces the technique when it is withheld


@dataclass(frozen=True)
class Handout:
    language: str
    title: str
    subject: str
    practice: Practice
    client_name: str
    date_text: str
    intro: str
    notices: list[str] = field(default_factory=list)  # screening notices, most important first
    general_rules: list[str] = field(default_factory=list)
    muscles: list[MuscleSection] = field(default_factory=list)
    more_muscles: str = ""
    factor_advice: list[tuple[str, str]] = field(default_factory=list)
    cycle_dates: list[str] = field(default_factory=list)
    maintenance_dates: list[str] = field(default_factory=list)
    aftercare: list[str] = field(default_factory=list)
    warning_signs: list[str] = field(default_factory=list)
    emergency_signs: str = ""
    disclaimer: str = ""
    progress: str = ""  # only once there are two sessions
    progress_values: list[int] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def _day(value: date, language: str) -> str:
    return dateformat.format(value, "D, j. N Y" if language == "de" else "D, j N Y")


def _focus_reason(snapshot: KnowledgeSnapshot, focus: FocusMuscle, language: str) -> str:
    regions = [
        snapshot.regions[m.region].name.get(language) for m in focus.matches if m.region in snapshot.regions
    ]
    if not regions:
        return ""
    return _("Can cause your pain in: %(regions)s.") % {"regions": ", ".join(regions)}


def _technique(
    snapshot: KnowledgeSnapshot, focus: FocusMuscle, language: str, gentle_only: bool
) -> list[str]:
    treatment = focus.muscle.self_treatment
    steps = [
        _("You need: %(tool)s.") % {"tool": _tool_label(treatment.tool)},
        treatment.position.get(language),
        treatment.steps.get(language),
        _("Hold gentle pressure for %(min)d–%(max)d seconds and breathe calmly.")
        % {"min": treatment.hold_seconds_min, "max": treatment.hold_seconds_max},
        treatment.frequency.get(language),
    ]
    if gentle_only:
        steps.append(_("Gentle pressure only (see the note on page 1)."))
    cautions = focus.muscle.cautions.get(language)
    if cautions:
        steps.append(cautions)
    return [step for step in steps if step]


def _tool_label(tool: str) -> str:
    from triggerfinder.models import Tool  # choices carry the translated labels

    return str(Tool(tool).label) if tool in Tool.values else tool


def _stretch(snapshot: KnowledgeSnapshot, focus: FocusMuscle, language: str) -> StretchText | None:
    for slug in focus.muscle.stretches:
        stretch = snapshot.stretches.get(slug)
        if stretch:
            return StretchText(
                name=stretch.name.get(language),
                instructions=stretch.instructions.get(language),
                dose=_("Hold %(seconds)d seconds, %(times)d times.")
                % {"seconds": stretch.hold_seconds, "times": stretch.repetitions},
                caution=stretch.caution.get(language),
            )
    return None


def _notices(data: HandoutInput, language: str, start: date | None) -> list[str]:
    verdict = data.decision.verdict
    cleared_on = max((c.cleared_on for c in data.decision.clearances), default=None)
    notices = []
    if verdict.level == EMERGENCY:
        notices.append(
            _(
                "Important: what you told us needs medical care today. Please see a doctor or call the "
                "emergency number 112 now. Do not treat yourself."
            )
        )
    elif verdict.level == REFER and data.decision.blocked:
        notices.append(
            _(
                "Please have your complaints checked by a doctor first. Until then, do not press on "
                "trigger points and do not stretch; we will start once a doctor has cleared it."
            )
        )
    elif verdict.level == REFER:
        notices.append(
            _("Your doctor cleared the treatment on %(day)s. Still stop at once if your complaints change.")
            % {"day": _day(cleared_on, language)}
        )
    for reason in verdict.at_level(EMERGENCY) + verdict.at_level(REFER):
        notices.append(f"{reason.label.get(language)}: {reason.client_advice.get(language)}")
    if verdict.postpones and start is not None:
        notices.append(
            _("Please start the exercises only on %(day)s, when your treatment begins.")
            % {"day": _day(start, language)}
        )
        notices += [reason.client_advice.get(language) for reason in verdict.at_level(POSTPONE)]
    notices += [
        f"{reason.label.get(language)}: {reason.client_advice.get(language)}"
        for reason in verdict.at_level(CAUTION)
    ]
    return notices


def _progress(data: HandoutInput) -> str:
    if data.baseline is None or len(data.pain_after) < 2:
        return ""
    change = change_from_baseline(data.baseline, data.pain_after[-1][1])
    text = _("Your pain: %(baseline)d/10 at the start, %(now)d/10 after the last session (%(day)s).") % {
        "baseline": data.baseline,
        "now": change.current,
        "day": _day(data.pain_after[-1][0], data.language),
    }
    if is_improved(change):
        text += " " + _("That is a clear improvement.")
    return text


def handout_content(snapshot: KnowledgeSnapshot, data: HandoutInput) -> Handout:
    language = data.language
    with translation.override(language):
        verdict = data.decision.verdict
        withheld = data.decision.blocked
        gentle_only = bool(verdict.cautions)
        cycle = [s for s in data.sessions if s.kind == CYCLE]
        maintenance = [s for s in data.sessions if s.kind == MAINTENANCE]
        start = cycle[0].day if cycle else None
        time = f", {data.session_time}" if data.session_time else ""
        instead = (
            _("Please see a doctor today; no self-treatment.")
            if verdict.level == EMERGENCY
            else _("Please have this checked by a doctor first; no pressure and no stretching until then.")
        )
        muscles = [
            MuscleSection(
                slug=focus.muscle.slug,
                name=focus.muscle.name.get(language),
                latin_name=focus.muscle.latin_name,
                view=view_for_marks(focus.muscle.slug, default=focus.muscle.view),
                referral_weights={r.region: r.weight for r in focus.muscle.referrals},
                reason=_focus_reason(snapshot, focus, language),
                technique=[] if withheld else _technique(snapshot, focus, language, gentle_only),
                stretch=None if withheld else _stretch(snapshot, focus, language),
                instead=instead if withheld else "",
            )
            for focus in list(data.focus)[:HANDOUT_MUSCLES]
        ]
        signs = [snapshot.contraindications[slug] for slug in RED_FLAGS if slug in snapshot.contraindications]
        emergency = [
            snapshot.contraindications[slug] for slug in EMERGENCY_FLAGS if slug in snapshot.contraindications
        ]
        return Handout(
            language=language,
            title=_("Your self-care plan"),
            subject=_("Trigger-point self-treatment, stretches and treatment dates"),
            practice=data.practice,
            client_name=data.client_name,
            date_text=_day(data.today, language),
            intro=_(
                "These are the muscles we found worth treating, how you can look after them at home, "
                "and your treatment dates."
            ),
            notices=_notices(data, language, start),
            general_rules=[]
            if withheld
            else [
                _("About 10 minutes a day with calm, gentle pressure does more than a long, hard session."),
                _(
                    "Pressure may feel uncomfortable but never sharp: if it hurts too much, press more lightly."
                ),
                _("Stop and tell us if you feel numbness, tingling or pain shooting into an arm or leg."),
            ],
            muscles=muscles,
            more_muscles=_("Also worth treating: %(names)s.")
            % {
                "names": ", ".join(
                    focus.muscle.name.get(language) for focus in list(data.focus)[HANDOUT_MUSCLES:]
                )
            }
            if len(data.focus) > HANDOUT_MUSCLES
            else "",
            factor_advice=[
                (
                    snapshot.perpetuating_factors[slug].name.get(language),
                    snapshot.perpetuating_factors[slug].advice.get(language),
                )
                for slug in data.factors
                if slug in snapshot.perpetuating_factors
            ],
            cycle_dates=[
                _("%(number)d of %(total)d: %(day)s")
                % {"number": s.number, "total": len(cycle), "day": _day(s.day, language) + time}
                for s in cycle
            ],
            maintenance_dates=[_day(s.day, language) + time for s in maintenance],
            aftercare=[
                _("Feeling tired or a little sore for 24 to 48 hours after a session is normal."),
                _("Drink plenty of water."),
                _("Go for a walk; gentle movement helps."),
                _("Avoid heavy physical exertion on the day of the treatment."),
            ],
            warning_signs=[sign.label.get(language) for sign in signs],
            emergency_signs=_(
                "%(signs)s: this is an emergency. Call 112 or go to an emergency department at once."
            )
            % {"signs": ", ".join(sign.label.get(language) for sign in emergency)}
            if emergency
            else "",
            progress=_progress(data),
            progress_values=[data.baseline, *(pain for _day, pain in data.pain_after)]
            if _progress(data)
            else [],
            disclaimer=_(
                "These suggestions name muscles worth treating; they are not a diagnosis and do not replace "
                "a doctor's advice."
            ),
            labels={
                "for": _("For"),
                "muscles": _("Your muscles and what you can do"),
                "technique": _("Self-treatment"),
                "stretch": _("Stretch"),
                "factors": _("What keeps the pain going, and what helps"),
                "dates": _("Your treatment dates"),
                "maintenance": _("Afterwards, maintenance visits"),
                "aftercare": _("After each session"),
                "warnings": _("See a doctor if you notice"),
                "page": _("Page"),
                "diagram": _("Red crosses: trigger points. Shaded: where they can send pain."),
                "progress": _("Your progress"),
            },
        )
