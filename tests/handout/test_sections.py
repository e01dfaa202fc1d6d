"""Each muscle's part (handout.sections): the technique the gate allows, the stretch, the short
handout steps; and for every shipped muscle, nothing unsafe for a lay reader."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests import knowledge_factory as kf
from tests.handout.handmade import (
    LIGHT_STEPS,
    NORMAL_STEPS,
    SESSIONS,
    TODAY,
    C,
    content,
    decide,
    finding,
    section,
    words,
)
from tests.handout.shipped import flat, handout_input, pdf_text, steps_of
from triggerfinder.core import gate, planning
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NORMAL
from triggerfinder.handout.content import handout_content
from triggerfinder.handout.render import render_pdf
from triggerfinder.handout.structure import HandoutInput, Practice
from triggerfinder.selectors.knowledge import knowledge_snapshot


class TestCautions:
    def test_light_pressure_uses_the_light_variant_or_leaves_the_technique_out(self):
        decision = decide(finding("blood-thinners"))
        handout = content(decision)
        assert handout.notices == [
            "blood-thinners: Tell us about blood thinners.",
            "Light pressure only: use the gentle variants below and stop at mild discomfort (about 3 of 10).",
        ]
        qlumb, glute = section(handout, "qlumb"), section(handout, "glute")
        assert qlumb.technique_kind == gate.TECHNIQUE_LIGHT
        assert qlumb.technique_title == "Self-treatment: gentle variant"
        assert qlumb.technique[0] == LIGHT_STEPS
        assert glute.technique_kind == gate.TECHNIQUE_OMIT and not glute.technique  # no light variant
        assert (
            glute.omitted
            == "No self-pressure on this muscle for now: your therapist will show you a gentle way."
        )
        assert glute.stretch is not None
        text = words(handout)
        assert NORMAL_STEPS not in text and "7 out of 10" not in text and "You need:" not in text
        assert "never sharp" not in text
        assert "Press only lightly and stop at mild discomfort (about 3 of 10)." in handout.general_rules
        assert text.count("Tell us about blood thinners.") == 1  # once at the top, not per muscle

    def test_an_excluded_muscle_gets_no_technique_and_says_why(self):
        handout = content(decide(finding("pregnancy")))
        psoas = section(handout, "psoas")
        assert psoas.technique_kind == gate.TECHNIQUE_OMIT and not psoas.technique
        assert psoas.omitted == "Please do not treat this muscle yourself while this applies: pregnancy."
        assert psoas.stretch is not None
        assert all(m.technique_kind == gate.TECHNIQUE_FULL for m in handout.muscles if m.slug != "psoas")
        assert any("never sharp" in rule for rule in handout.general_rules)  # pressure stays normal
        assert handout.notices == ["pregnancy: Tell us you are pregnant."]

    def test_an_excluded_stretch_falls_back_to_another_or_none(self):
        handout = content(decide(finding("osteoporosis")))
        assert section(handout, "glute").stretch.name == "stretch-2"
        assert section(handout, "qlumb").stretch is None
        assert all(m.technique_kind == gate.TECHNIQUE_FULL for m in handout.muscles)

    def test_no_pressure_leaves_every_technique_out_and_keeps_the_stretches(self):
        handout = content(decide(finding("lymphoedema")))
        assert all(m.technique_kind == gate.TECHNIQUE_OMIT and m.omitted for m in handout.muscles)
        assert all(m.stretch for m in handout.muscles)
        assert handout.notices[-1].startswith("Please do not press on trigger points yourself for now")
        assert handout.general_rules[0].startswith("No pressure techniques for now")
        assert NORMAL_STEPS not in words(handout) and LIGHT_STEPS not in words(handout)

    def test_the_strictest_pressure_wins_and_each_caution_is_named_once(self):
        handout = content(decide(finding("blood-thinners"), finding("pregnancy"), finding("lymphoedema")))
        assert handout.notices[:3] == [
            "blood-thinners: Tell us about blood thinners.",
            "pregnancy: Tell us you are pregnant.",
            "lymphoedema: Lymph therapy.",
        ]
        assert len(handout.notices) == 4
        psoas = section(handout, "psoas")
        assert psoas.omitted.endswith("while this applies: pregnancy.")

    def test_german_caution_wording(self):
        handout = content(decide(finding("blood-thinners"), finding("pregnancy")), language="de")
        qlumb, psoas = section(handout, "qlumb"), section(handout, "psoas")
        assert qlumb.technique_title == "Selbstbehandlung: sanfte Variante"
        assert qlumb.technique[0] == f"{LIGHT_STEPS} (de)"
        assert psoas.omitted == (
            "Bitte behandeln Sie diesen Muskel nicht selbst, solange dies zutrifft: pregnancy (de)."
        )
        assert handout.notices[-1].startswith("Nur leichter Druck:")
        assert "Drücken Sie nur leicht und hören Sie bei leichtem Unbehagen auf (etwa 3 von 10)." in (
            handout.general_rules
        )


HANDOUT_STEPS = "1. Put the ball between the wall and your waist.\n2. Lean in.\n3. Hold for 10–30 seconds."


def test_the_handout_prints_the_short_handout_steps_and_falls_back_to_the_full_steps():
    with_short = kf.muscle("qlumb", steps=NORMAL_STEPS, handout_steps=HANDOUT_STEPS, lower_back=3)
    snapshot = kf.snapshot(
        with_short, kf.muscle("glute", steps=NORMAL_STEPS, hip=2), contraindications=C.values()
    )
    focus = planning.focus_muscles(snapshot, {"lower-back": 7, "hip": 5})
    for language, short in (("en", HANDOUT_STEPS), ("de", f"{HANDOUT_STEPS} (de)")):
        data = HandoutInput(
            language=language,
            client_name="Erika Mustermann",
            today=TODAY,
            practice=Practice(name="Praxis", address="", phone=""),
            decision=decide(),
            focus=focus,
            factors=[],
            sessions=SESSIONS,
            session_time="09:00",
        )
        handout = handout_content(snapshot, data)
        qlumb, glute = section(handout, "qlumb"), section(handout, "glute")
        assert short in qlumb.technique
        assert not any(NORMAL_STEPS in step or "lie down" in step for step in qlumb.technique)
        assert not any("Hold gentle pressure" in step for step in qlumb.technique)  # the steps say it
        assert any(NORMAL_STEPS in step for step in glute.technique)  # no short steps: the full ones


# Issue 14: what a lay reader gets printed, for every shipped muscle (facts §5.6, §5.8, §4).
NEVER_PRINTED = {
    "de": re.compile(
        r"oberhalb des Schlüsselbeins|Schlüsselbein|Zangengriff|10 Minuten|mehrere kurze Einheiten|"
        r"günstiger als eine lange|\b78\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"above the collarbone|collarbone|pincer|10 minutes|several short sessions|better than one long|"
        r"does more than|\b78\b",
        re.IGNORECASE,
    ),
}


def one_muscle(data: HandoutInput, muscle) -> HandoutInput:
    focus = planning.FocusMuscle(muscle=muscle, score=1, matches=(), intensities={}, factors=())
    return dataclasses.replace(data, focus=(focus,))


def printed_words(handout) -> str:
    parts = [*handout.notices, *handout.general_rules, *handout.aftercare]
    for m in handout.muscles:
        parts += [m.name, m.reason, m.technique_title, *m.technique, m.omitted]
        if m.stretch:
            parts += [m.stretch.name, m.stretch.instructions, m.stretch.dose, m.stretch.caution]
    return "\n".join(parts)


@pytest.mark.django_db
class TestLaySafeHandout:
    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("pressure", [PRESSURE_NORMAL, PRESSURE_LIGHT])
    def test_no_muscle_prints_an_unsafe_technique_or_an_unsupported_claim(self, language, pressure):
        snapshot = knowledge_snapshot()
        caution = dataclasses.replace(
            snapshot.contraindications["blood-thinners"],
            pressure=pressure,
            excluded_muscles=frozenset(),
            excluded_stretches=frozenset(),
        )
        data = handout_input(language=language, contraindications=["blood-thinners"], overrides=[caution])
        for muscle in snapshot.muscles.values():
            handout = handout_content(snapshot, one_muscle(data, muscle))
            text = printed_words(handout)
            assert not NEVER_PRINTED[language].search(text), (
                muscle.slug,
                NEVER_PRINTED[language].search(text),
            )
            (section,) = handout.muscles
            if section.technique_kind == gate.TECHNIQUE_FULL:
                assert muscle.handout_steps.get(language) in section.technique, muscle.slug
                assert muscle.self_treatment.steps.get(language) not in section.technique, muscle.slug
            elif section.technique_kind == gate.TECHNIQUE_LIGHT:
                assert section.technique[0] == muscle.light_steps.get(language), muscle.slug

    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("pressure", [PRESSURE_NORMAL, PRESSURE_LIGHT])
    def test_no_body_weight_on_a_ball_near_the_sciatic_nerve_nor_a_ball_at_the_kidney_angle(
        self, language, pressure
    ):
        """Facts §5.6: near the sciatic nerve only a wall (or the hand) takes the pressure."""
        from tests.test_knowledge_data import (
            KIDNEY_ANGLE,
            NEGATED,
            SCIATIC_AREA,
            body_weight_on_a_ball,
            sentences,
        )

        snapshot = knowledge_snapshot()
        caution = dataclasses.replace(
            snapshot.contraindications["blood-thinners"],
            pressure=pressure,
            excluded_muscles=frozenset(),
            excluded_stretches=frozenset(),
        )
        data = handout_input(language=language, contraindications=["blood-thinners"], overrides=[caution])
        for slug in (*SCIATIC_AREA, "quadratus-lumborum"):
            (section,) = handout_content(snapshot, one_muscle(data, snapshot.muscles[slug])).muscles
            technique = "\n".join(section.technique)
            assert technique.strip(), slug
            assert not body_weight_on_a_ball(technique, language), (slug, technique)
            for sentence in sentences(technique):
                assert not KIDNEY_ANGLE.search(sentence) or NEGATED.search(sentence), (slug, sentence)

    @pytest.mark.parametrize("language", ["de", "en"])
    def test_the_pdf_for_the_neck_and_kidney_muscles(self, language):
        snapshot = knowledge_snapshot()
        slugs = ["scalenes", "sternocleidomastoid", "quadratus-lumborum"]
        focus = tuple(
            planning.FocusMuscle(muscle=snapshot.muscles[s], score=1, matches=(), intensities={}, factors=())
            for s in slugs
        )
        data = dataclasses.replace(handout_input(language=language), focus=focus)
        text = flat(pdf_text(render_pdf(handout_content(snapshot, data))))
        assert not NEVER_PRINTED[language].search(text), NEVER_PRINTED[language].search(text)
        for slug in slugs:
            assert steps_of(snapshot.muscles[slug], language)[0] in text, slug
        therapist = {
            "de": "wie Ihre Therapeutin oder Ihr Therapeut es Ihnen gezeigt hat",
            "en": "as shown by your therapist",
        }
        assert text.count(therapist[language]) == 2
