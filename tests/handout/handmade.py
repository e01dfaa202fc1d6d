"""Hand-made knowledge for the handout's content tests: the gate decides (``core.gate.decide``)
from hand-made findings and clearances; ``content()`` words the decision."""

from __future__ import annotations

from datetime import date, timedelta

from tests import knowledge_factory as kf
from triggerfinder.core import gate, planning
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NONE, EscalationRule, Text
from triggerfinder.handout.content import handout_content
from triggerfinder.handout.structure import Handout, HandoutInput, Practice

TODAY = date(2026, 11, 30)  # a Monday
LONG_AGO = TODAY - timedelta(days=3)

NORMAL_STEPS = "Increase the pressure slowly; ease off above about 7 out of 10."
LIGHT_STEPS = "Lean gently against a soft ball on the wall."
UNTIL_THEN = "See a doctor first. Until then, no trigger point treatment."

C = {
    c.slug: c
    for c in [
        kf.contraindication("saddle-numbness", "emergency", 10, advice="Call 112 now.", client_warning=True),
        kf.contraindication("numbness", "refer", 20, advice=UNTIL_THEN, client_warning=True),
        kf.contraindication("leg-weakness", "refer", 21, advice=UNTIL_THEN),
        kf.contraindication("tingling", "refer", 22, advice=UNTIL_THEN),
        kf.contraindication(
            "thunderclap-headache",
            "emergency",
            11,
            client_warning=True,
            warning_regions=frozenset({"neck"}),
        ),
        kf.contraindication(
            "night-pain", "refer", 23, client_warning=True, warning_regions=frozenset({"lower-back"})
        ),
        kf.contraindication("infection-risk", "refer", 24),
        kf.contraindication("fever", "postpone", 30, advice="Get well first.", postpone_days=7),
        kf.contraindication("surgery", "postpone", 31, advice="Let it heal.", postpone_days=42),
        kf.contraindication(
            "blood-thinners", "caution", 40, advice="Tell us about blood thinners.", pressure=PRESSURE_LIGHT
        ),
        kf.contraindication(
            "pregnancy",
            "caution",
            41,
            advice="Tell us you are pregnant.",
            excluded_muscles=frozenset({"psoas"}),
        ),
        kf.contraindication(
            "osteoporosis",
            "caution",
            42,
            advice="Gentle on the spine.",
            excluded_stretches=frozenset({"stretch"}),
        ),
        kf.contraindication("lymphoedema", "caution", 43, advice="Lymph therapy.", pressure=PRESSURE_NONE),
    ]
}
FEVER_AND_INFECTION = EscalationRule(
    "fever-infection",
    "emergency",
    (frozenset({"fever"}), frozenset({"infection-risk"})),
    Text("Fieber mit Infektionsrisiko (de)", "Fever with an infection risk can mean a spinal infection."),
)

SNAPSHOT = kf.snapshot(
    kf.muscle("qlumb", steps=NORMAL_STEPS, light_steps=LIGHT_STEPS, lower_back=3),
    kf.muscle("glute", steps=NORMAL_STEPS, stretches=("stretch", "stretch-2"), lower_back=2, hip=2),
    kf.muscle("psoas", steps=NORMAL_STEPS, light_steps=LIGHT_STEPS, lower_back=1),
    kf.muscle("piriformis", steps=NORMAL_STEPS, hip=1),
    contraindications=C.values(),
    stretches=("stretch-2",),
)
FOCUS = planning.focus_muscles(SNAPSHOT, {"lower-back": 7, "hip": 5})
SESSIONS = planning.schedule(
    start=TODAY, cycle_length=8, spacing=planning.Spacing(), calendar=planning.PracticeCalendar()
)


def finding(slug: str, *, on: date = LONG_AGO, key: str | None = None) -> gate.Finding:
    return gate.Finding(key=key or slug, contraindication=C[slug], recorded_on=on)


def decide(*found: gate.Finding, clearances=(), areas=("lower-back", "hip")) -> gate.Decision:
    return gate.decide(
        found,
        clearances,
        today=TODAY,
        rules=[FEVER_AND_INFECTION],
        areas=areas,
        warning_catalogue=C.values(),
    )


def content(decision: gate.Decision, *, language: str = "en", sessions=SESSIONS, **changes) -> Handout:
    data = HandoutInput(
        language=language,
        client_name="Erika Mustermann",
        today=TODAY,
        practice=Practice(name="Praxis Weber", address="Hauptstraße 5\n01067 Dresden", phone="0351 1234"),
        decision=decision,
        focus=FOCUS,
        factors=["sitting"],
        sessions=sessions,
        session_time="09:00",
        **changes,
    )
    return handout_content(SNAPSHOT, data)


def words(handout: Handout) -> str:
    """Every text of the handout, for "never says" checks."""
    parts = [handout.title, handout.intro, *handout.actions, *handout.notices, *handout.general_rules]
    parts += [f"{' '.join(f.labels)} {f.advice}" for f in handout.findings]
    for m in handout.muscles:
        parts += [m.name, m.reason, m.technique_title, *m.technique, m.omitted]
        if m.stretch:
            parts += [m.stretch.name, m.stretch.instructions, m.stretch.dose]
    parts += [handout.more_muscles, *handout.cycle_dates, *handout.maintenance_dates, *handout.aftercare]
    parts += [*handout.warning_signs, *handout.emergency_signs, handout.progress, handout.disclaimer]
    return "\n".join(parts)


def section(handout: Handout, slug: str):
    return next(m for m in handout.muscles if m.slug == slug)
