"""Each focus muscle's part of the handout: why it is there, the technique the gate allows (its
short handout steps, its light variant, or one line why there is none) and the first of its
stretches the gate allows."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from triggerfinder.bodymap.marks import view_for_marks
from triggerfinder.core import gate
from triggerfinder.core.knowledge import Contraindication, KnowledgeSnapshot, Muscle
from triggerfinder.core.planning import FocusMuscle
from triggerfinder.handout.structure import MuscleSection, StretchText


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


def muscle_section(
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
