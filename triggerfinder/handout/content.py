"""What a client's handout says, as plain data in the client's language.

This module words what the safety gate decided (``core.gate.Decision``) and takes no decision of
its own; ``render.py`` decides the look. Tested as data in tests/test_handout_content.py.

- **Blocked** (an uncleared emergency or refer finding): a one-page letter instead of the handout:
  what was found with its advice, what to do now (call 112 or see a doctor first), the warning
  signs and how to reach the practice. No muscles, techniques, stretches, dates or after-care.
- **Otherwise** the handout: the decision's notices at the top, in its order (cleared on, start
  on, postpone and caution advice, light or no pressure), each caution's advice once; per muscle
  the technique the gate allows (its short handout steps, its light variant, or one line why there is
  none) and the first of its stretches the gate allows; general rules that match the pressure;
  the planned dates, none before the earliest start; the warning signs for the client's areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from triggerfinder.bodymap.marks import view_for_marks
from triggerfinder.core import gate
from triggerfinder.core.knowledge import (
    PRESSURE_LIGHT,
    PRESSURE_NONE,
    Contraindication,
    KnowledgeSnapshot,
    Muscle,
)
from triggerfinder.core.outcomes import MINIMAL, NONE, RELEVANT, SUBSTANTIAL, WORSE, change_from_baseline
from triggerfinder.core.planning import CYCLE, MAINTENANCE, FocusMuscle, PlannedDate
from triggerfinder.core.screening import EMERGENCY

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


def _day(value: date, language: str) -> str:
    return dateformat.format(value, "D, j. N Y" if language == "de" else "D, j N Y")


def _labels(reasons: Sequence[Contraindication], language: str) -> str:
    return ", ".join(reason.label.get(language) for reason in reasons)


def _focus_reason(snapshot: KnowledgeSnapshot, focus: FocusMuscle, language: str) -> str:
    regions = [
        snapshot.regions[m.region].name.get(language) for m in focus.matches if m.region in snapshot.regions
    ]
    if not regions:
        return ""
    return _("Can cause your pain in: %(regions)s.") % {"regions": ", ".join(regions)}


def _tool_label(tool: str) -> str:
    from triggerfinder.models import Tool  # choices carry the translated labels

    return str(Tool(tool).label) if tool in Tool.values else tool


def _technique(muscle: Muscle, kind: str, language: str) -> list[str]:
    """The steps for ``kind``: the muscle's own, or its light variant and nothing of the normal
    steps (their tool, position and "increase the pressure" would contradict it).

    The muscle's own are its short handout steps (where to place the tool and how long to hold are
    in them); only a muscle without them prints its position and full steps, as the finder does."""
    treatment = muscle.self_treatment
    short = muscle.handout_steps.get(language)
    if kind == gate.TECHNIQUE_FULL and short:
        steps = [_("You need: %(tool)s.") % {"tool": _tool_label(treatment.tool)}, short]
    elif kind == gate.TECHNIQUE_FULL:
        steps = [
            _("You need: %(tool)s.") % {"tool": _tool_label(treatment.tool)},
            treatment.position.get(language),
            treatment.steps.get(language),
            _("Hold gentle pressure for %(min)d–%(max)d seconds and breathe calmly.")
            % {"min": treatment.hold_seconds_min, "max": treatment.hold_seconds_max},
        ]
    elif kind == gate.TECHNIQUE_LIGHT:
        steps = [muscle.light_steps.get(language)]  # its steps say how long to hold
    else:
        return []
    steps += [treatment.frequency.get(language), muscle.cautions.get(language)]
    return [step for step in steps if step]


def _omitted(decision: gate.Decision, muscle: Muscle, language: str) -> str:
    reasons = decision.excluded_muscles.get(muscle.slug)
    if reasons:
        return _("Please do not treat this muscle yourself while this applies: %(reasons)s.") % {
            "reasons": _labels(reasons, language)
        }
    return _("No self-pressure on this muscle for now: your therapist will show you a gentle way.")


def _stretch(
    snapshot: KnowledgeSnapshot, decision: gate.Decision, muscle: Muscle, language: str
) -> StretchText | None:
    """The muscle's first stretch that the gate allows, or none."""
    for slug in muscle.stretches:
        stretch = snapshot.stretches.get(slug)
        if stretch and decision.stretch_allowed(slug):
            return StretchText(
                name=stretch.name.get(language),
                instructions=stretch.instructions.get(language),
                dose=_("Hold %(seconds)d seconds, %(times)d times.")
                % {"seconds": stretch.hold_seconds, "times": stretch.repetitions},
                caution=stretch.caution.get(language),
            )
    return None


def _section(
    snapshot: KnowledgeSnapshot, decision: gate.Decision, focus: FocusMuscle, language: str
) -> MuscleSection:
    muscle = focus.muscle
    kind = decision.technique(muscle)
    titles = {
        gate.TECHNIQUE_FULL: _("Self-treatment"),
        gate.TECHNIQUE_LIGHT: _("Self-treatment: gentle variant"),
    }
    return MuscleSection(
        slug=muscle.slug,
        name=muscle.name.get(language),
        latin_name=muscle.latin_name,
        view=view_for_marks(muscle.slug, default=muscle.view),
        referral_weights={r.region: r.weight for r in muscle.referrals},
        reason=_focus_reason(snapshot, focus, language),
        technique_kind=kind,
        technique_title=titles.get(kind, ""),
        technique=_technique(muscle, kind, language),
        stretch=_stretch(snapshot, decision, muscle, language),
        omitted=_omitted(decision, muscle, language) if kind == gate.TECHNIQUE_OMIT else "",
    )


def _advice(finding: Contraindication, language: str) -> str:
    return f"{finding.label.get(language)}: {finding.client_advice.get(language)}"


def _notice(notice: gate.Notice, language: str) -> str:
    """One of the handout's notices in words (the blocking kinds belong to the letter)."""
    kind = notice.kind
    if kind == gate.NOTICE_CLEARED:
        return _(
            "Your doctor cleared the treatment on %(day)s. Still stop at once if your complaints change."
        ) % {"day": _day(notice.day, language)}
    if kind == gate.NOTICE_START_ON:
        return _("Please start the exercises only on %(day)s, not before.") % {
            "day": _day(notice.day, language)
        }
    if kind in (gate.NOTICE_POSTPONE, gate.NOTICE_CAUTION):
        return _advice(notice.finding, language)
    if kind == gate.NOTICE_LIGHT_PRESSURE:
        return _(
            "Light pressure only: use the gentle variants below and stop at mild discomfort (about 3 of 10)."
        )
    if kind == gate.NOTICE_NO_PRESSURE:
        return _(
            "Please do not press on trigger points yourself for now; your therapist will show you a "
            "gentle way. The stretches below are fine."
        )
    return ""


def _general_rules(pressure: str) -> list[str]:
    stop = _("Stop and tell us if you feel numbness, tingling or pain shooting into an arm or leg.")
    if pressure == PRESSURE_NONE:
        return [_("No pressure techniques for now: only the stretches below, slowly and without pain."), stop]
    if pressure == PRESSURE_LIGHT:
        return [
            _("Use calm, light pressure for a few minutes at a time."),
            _("Press only lightly and stop at mild discomfort (about 3 of 10)."),
            _("Use your hands or a soft ball against a wall; never lie on a ball."),
            stop,
        ]
    return [
        _("Use calm, gentle pressure for a few minutes at a time."),
        _("Pressure may feel uncomfortable but never sharp: if it hurts too much, press more lightly."),
        stop,
    ]


def _warning_signs(
    decision: gate.Decision, language: str, *, told: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """The gate's warning signs for the client's areas, less those in ``told``: (see a doctor,
    call 112)."""
    signs = [s for s in decision.warning_signs if s.slug not in told]
    doctor = [s.label.get(language) for s in signs if s.level != EMERGENCY]
    emergency = [s.label.get(language) for s in signs if s.level == EMERGENCY]
    return doctor, emergency


def _progress(data: HandoutInput) -> str:
    """The client's pain since the last visit against the intake, worded by ``core.outcomes``'
    category (substantial / relevant / minimal / none) in words a client understands."""
    if data.baseline is None or len(data.pain_before) < 2:
        return ""
    day, now = data.pain_before[-1]
    change = change_from_baseline(data.baseline, now)
    text = _(
        "Your pain: %(baseline)d/10 when we started, %(now)d/10 in the days before your last visit (%(day)s)."
    ) % {"baseline": data.baseline, "now": change.current, "day": _day(day, data.language)}
    verdicts = {
        SUBSTANTIAL: _("That is a clear improvement: your pain has at least halved."),
        # xgettext:no-python-format
        RELEVANT: _("That is a real improvement: your pain is at least 30 % lower."),
        MINIMAL: _("Your pain is a little lower; we will keep an eye on how it develops."),
        NONE: _("Your pain has not changed much yet; we will talk about how to go on."),
        WORSE: _("Your pain is stronger than when we started; please tell us at your next visit."),
    }
    if change.category in verdicts:
        text += " " + verdicts[change.category]
    return text


def _letter_findings(decision: gate.Decision, language: str) -> list[FindingText]:
    labels = {f.slug: f.contraindication.label.get(language) for f in decision.findings}
    found: dict[str, list[str]] = {}  # advice -> labels, in the order of the notices
    for notice in decision.notices:
        if notice.kind in (gate.NOTICE_EMERGENCY, gate.NOTICE_SEE_DOCTOR):
            label, advice = notice.finding.label.get(language), notice.finding.client_advice.get(language)
        elif notice.kind == gate.NOTICE_ESCALATED:
            escalation = notice.escalation
            label = " + ".join(labels.get(slug, slug) for slug in escalation.findings)
            advice = escalation.rule.reason.get(language)
        else:
            continue
        found.setdefault(advice, []).append(label)
    return [FindingText(tuple(names), advice) for advice, names in found.items()]


def _letter(data: HandoutInput) -> Handout:
    """Blocked: what was found and what to do now, on one page; nothing about treating."""
    language, decision, practice = data.language, data.decision, data.practice
    # The signs the client has now are among what was found, with their advice: not again below.
    told = frozenset(f.slug for f in decision.blocking)
    doctor_signs, emergency_signs = _warning_signs(decision, language, told=told)
    if decision.emergency:
        title = _("Please get medical help today")
        actions = [
            _("Call 112 now or go to an emergency department today."),
            _("Do not wait for your next appointment, and do not treat yourself."),
        ]
    else:
        title = _("Please have this checked first")
        actions = [
            _("Please see your doctor before any treatment or self-treatment."),
            _("Please take this letter with you."),
        ]
    return Handout(
        language=language,
        title=title,
        subject=_("What you told us and what to do now"),
        practice=practice,
        client_name=data.client_name,
        date_text=_day(data.today, language),
        intro="",
        letter=True,
        actions=actions,
        findings=_letter_findings(decision, language),
        contact=[line for line in (practice.name, practice.address, practice.phone) if line],
        warning_signs=doctor_signs,
        emergency_signs=emergency_signs,
        disclaimer=_("This letter is not a diagnosis."),
        labels={
            "for": _("For"),
            "found": _("What you told us"),
            "warnings": _("See a doctor soon if you notice"),
            "emergency": _("Call 112 at once if you notice"),
            "contact": _("Questions? Please call us"),
            "page": "",
        },
    )


def handout_content(snapshot: KnowledgeSnapshot, data: HandoutInput) -> Handout:
    language = data.language
    with translation.override(language):
        decision = data.decision
        if decision.blocked:
            return _letter(data)
        sessions = [s for s in data.sessions if decision.start_allowed(s.day)]
        if decision.dates != gate.DATES_PLANNED:
            sessions = []
        cycle = [s for s in sessions if s.kind == CYCLE]
        maintenance = [s for s in sessions if s.kind == MAINTENANCE]
        time = f", {data.session_time}" if data.session_time else ""
        doctor_signs, emergency_signs = _warning_signs(decision, language)
        progress = _progress(data)
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
            notices=[text for text in (_notice(n, language) for n in decision.notices) if text],
            general_rules=_general_rules(decision.pressure),
            muscles=[
                _section(snapshot, decision, focus, language) for focus in list(data.focus)[:HANDOUT_MUSCLES]
            ],
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
                % {"number": number, "total": len(cycle), "day": _day(s.day, language) + time}
                for number, s in enumerate(cycle, start=1)
            ],
            maintenance_dates=[_day(s.day, language) + time for s in maintenance],
            aftercare=[
                _("Feeling tired or a little sore for 24 to 48 hours after a session is normal."),
                _("Drink plenty of water."),
                _("Go for a walk; gentle movement helps."),
                _("Avoid heavy physical exertion on the day of the treatment."),
            ],
            warning_signs=doctor_signs,
            emergency_signs=emergency_signs,
            progress=progress,
            progress_values=[data.baseline, *(pain for _day, pain in data.pain_before)] if progress else [],
            disclaimer=_(
                "These suggestions name muscles worth treating; they are not a diagnosis and do not replace "
                "a doctor's advice."
            ),
            labels={
                "for": _("For"),
                "muscles": _("Your muscles and what you can do"),
                "stretch": _("Stretch"),
                "factors": _("What keeps the pain going, and what helps"),
                "dates": _("Your treatment dates"),
                "maintenance": _("Afterwards, maintenance visits"),
                "aftercare": _("After each session"),
                "warnings": _("See a doctor if you notice"),
                "emergency": _("Call 112 at once if you notice"),
                "page": _("Page"),
                "diagram": _("Red crosses: trigger points. Shaded: where they can send pain."),
                "progress": _("Your progress"),
            },
        )
