"""What the handout says for each decision of the safety gate, as data (hand-made knowledge).

The gate decides (``core.gate.decide`` from hand-made findings and clearances); these tests check
that the handout words that decision and nothing else: the letter of a blocked client, the
notices, the technique per muscle under a caution, the stretches, the dates and warning signs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import dateformat

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


class TestFocus:
    def test_the_hand_made_focus(self):
        assert [f.muscle.slug for f in FOCUS] == ["glute", "qlumb", "psoas", "piriformis"]


class TestClear:
    def test_full_handout(self):
        handout = content(decide())
        assert not handout.letter and not handout.notices
        assert [m.technique_kind for m in handout.muscles] == [gate.TECHNIQUE_FULL] * 3
        assert all(NORMAL_STEPS in m.technique and m.stretch for m in handout.muscles)
        assert all(m.technique_title == "Self-treatment" and not m.omitted for m in handout.muscles)
        assert handout.more_muscles == "Also worth treating: piriformis."
        assert len(handout.cycle_dates) == 8 and len(handout.maintenance_dates) == 3
        assert any("never sharp" in rule for rule in handout.general_rules)
        assert handout.aftercare

    def test_warning_signs_are_the_gates_for_the_clients_areas(self):
        handout = content(decide())
        assert handout.emergency_signs == ["saddle-numbness"]  # every client; thunderclap is the neck's
        assert handout.warning_signs == ["numbness", "night-pain"]
        neck = content(decide(areas=("neck",)))
        assert neck.emergency_signs == ["saddle-numbness", "thunderclap-headache"]
        assert neck.warning_signs == ["numbness"]


class TestLetter:
    LETTER_FREE = ("Self-treatment", "Stretch", "After each session", "Can cause your pain", "qlumb", "glute")

    def assert_is_a_letter(self, handout: Handout) -> None:
        assert handout.letter
        assert not handout.muscles and not handout.more_muscles and not handout.general_rules
        assert not handout.cycle_dates and not handout.maintenance_dates and not handout.aftercare
        assert not handout.progress and not handout.factor_advice and not handout.notices
        text = words(handout)
        for word in self.LETTER_FREE:
            assert word not in text
        assert handout.contact == ["Praxis Weber", "Hauptstraße 5\n01067 Dresden", "0351 1234"]

    def test_emergency_uncleared(self):
        decision = decide(finding("saddle-numbness"), finding("numbness"))
        assert decision.dates == gate.DATES_NONE
        handout = content(decision, baseline=8, pain_before=[(LONG_AGO, 6), (TODAY, 5)])
        self.assert_is_a_letter(handout)
        assert handout.title == "Please get medical help today"
        assert "Call 112 now or go to an emergency department today." in handout.actions
        assert [(f.labels, f.advice) for f in handout.findings] == [
            (("saddle-numbness",), "Call 112 now."),
            (("numbness",), UNTIL_THEN),
        ]
        # The signs found are told above with their advice, not again among the warning signs.
        assert handout.emergency_signs == [] and handout.warning_signs == ["night-pain"]

    def test_refer_uncleared(self):
        decision = decide(finding("numbness"), finding("blood-thinners"), finding("surgery"))
        assert decision.dates == gate.DATES_AFTER_CLEARANCE
        handout = content(decision)
        self.assert_is_a_letter(handout)
        assert handout.title == "Please have this checked first"
        assert handout.actions[0] == "Please see your doctor before any treatment or self-treatment."
        assert [f.labels for f in handout.findings] == [("numbness",)]  # no caution or postpone advice
        assert "blood thinners" not in words(handout) and "start" not in words(handout)

    def test_a_stale_clearance_leaves_it_blocked(self):
        stale = gate.Clearance("c1", cleared_on=LONG_AGO - timedelta(days=1), covers=frozenset({"numbness"}))
        handout = content(decide(finding("numbness"), clearances=[stale]))
        self.assert_is_a_letter(handout)
        assert handout.findings[0].labels == ("numbness",)

    def test_a_clearance_of_another_finding_leaves_it_blocked(self):
        clearance = gate.Clearance("c1", cleared_on=TODAY, covers=frozenset({"numbness"}))
        handout = content(decide(finding("numbness"), finding("tingling"), clearances=[clearance]))
        assert handout.letter and [f.labels for f in handout.findings] == [("tingling",)]

    def test_escalation_names_the_combination_and_why(self):
        handout = content(decide(finding("fever"), finding("infection-risk")))
        assert handout.letter and handout.title == "Please get medical help today"
        assert handout.findings[0].labels == ("fever + infection-risk",)
        assert handout.findings[0].advice == FEVER_AND_INFECTION.reason.en
        assert [f.labels for f in handout.findings][1:] == [("infection-risk",)]

    def test_findings_with_the_same_advice_share_it(self):
        handout = content(decide(finding("numbness"), finding("leg-weakness"), finding("saddle-numbness")))
        assert [(f.labels, f.advice) for f in handout.findings] == [
            (("saddle-numbness",), "Call 112 now."),
            (("numbness", "leg-weakness"), UNTIL_THEN),
        ]

    def test_german(self):
        refer = content(decide(finding("numbness")), language="de")
        assert refer.title == "Bitte zuerst ärztlich abklären lassen"
        assert refer.labels["found"] == "Was Sie uns berichtet haben"
        assert refer.findings[0].labels == ("numbness (de)",)
        assert refer.emergency_signs == ["saddle-numbness (de)"] and refer.warning_signs == [
            "night-pain (de)"
        ]
        emergency = content(decide(finding("saddle-numbness")), language="de")
        assert "112" in emergency.actions[0] and "Notaufnahme" in emergency.actions[0]


class TestProgress:
    """The progress line compares the pain since the last visit with the intake, worded by the core's
    category; the pain right after a session never reaches the handout."""

    @pytest.mark.parametrize(
        ("baseline", "now", "english", "german"),
        [
            (10, 5, "your pain has at least halved", "mindestens halbiert"),  # substantial
            (10, 7, "at least 30 % lower", "um mindestens 30 % geringer"),  # relevant
            (10, 8, "a little lower", "etwas geringer"),  # minimal: 2 points, 20 %
            (10, 9, "not changed much yet", "noch wenig verändert"),  # none
            (6, 6, "not changed much yet", "noch wenig verändert"),  # none
            (5, 7, "stronger than when we started", "stärker als zu Beginn"),  # worse
        ],
    )
    def test_wording_follows_the_category(self, baseline, now, english, german):
        pains = [(LONG_AGO, baseline), (TODAY, now)]
        handout = content(decide(), baseline=baseline, pain_before=pains)
        assert handout.progress.startswith(
            f"Your pain: {baseline}/10 when we started, {now}/10 in the days before your last visit ("
        )
        assert english in handout.progress
        assert handout.progress_values == [baseline, baseline, now]
        assert german in content(decide(), language="de", baseline=baseline, pain_before=pains).progress

    @pytest.mark.parametrize(("baseline", "now"), [(10, 8), (10, 9), (8, 6), (5, 7), (6, 6)])
    def test_a_small_drop_is_never_a_clear_improvement(self, baseline, now):
        pains = [(LONG_AGO, baseline), (TODAY, now)]
        english = content(decide(), baseline=baseline, pain_before=pains).progress
        german = content(decide(), language="de", baseline=baseline, pain_before=pains).progress
        assert english and "clear improvement" not in english and "improvement" not in english
        assert german and "deutliche Besserung" not in german and "Besserung" not in german

    def test_no_baseline_pain_says_nothing_about_improving(self):
        handout = content(decide(), baseline=0, pain_before=[(LONG_AGO, 0), (TODAY, 0)])
        assert handout.progress.startswith("Your pain: 0/10 when we started, 0/10 in the days before")
        assert handout.progress.endswith(").")  # the date, then no verdict

    def test_one_session_is_not_yet_progress(self):
        assert content(decide(), baseline=8, pain_before=[(TODAY, 5)]).progress == ""


class TestCleared:
    @pytest.mark.parametrize("language", ["en", "de"])
    def test_valid_clearance_gives_the_handout_with_its_date(self, language):
        clearance = gate.Clearance("c1", cleared_on=TODAY - timedelta(days=1), covers=frozenset({"numbness"}))
        decision = decide(finding("numbness"), clearances=[clearance])
        assert decision.cleared and not decision.blocked
        handout = content(decision, language=language)
        assert not handout.letter
        assert handout.notices == [
            {
                "en": "Your doctor cleared the treatment on Sun, 29 Nov. 2026. Still stop at once if your "
                "complaints change.",
                "de": "Ihre Ärztin oder Ihr Arzt hat die Behandlung am So, 29. Nov. 2026 freigegeben. "
                "Hören Sie trotzdem sofort auf, wenn sich Ihre Beschwerden verändern.",
            }[language]
        ]
        assert all(m.technique_kind == gate.TECHNIQUE_FULL for m in handout.muscles)
        text = words(handout).lower()
        assert "until then" not in text and "bis dahin" not in text
        assert handout.cycle_dates


class TestPostpone:
    def test_start_on_the_earliest_day_and_no_date_before(self):
        surgery = finding("surgery", on=TODAY - timedelta(days=10))
        decision = decide(surgery)
        not_before = TODAY + timedelta(days=32)
        assert decision.postponed and decision.not_before == not_before
        handout = content(decision)  # sessions from today: the planner would not give them
        assert handout.notices == [
            "Please start the exercises only on Fri, 1 Jan. 2027, not before.",
            "surgery: Let it heal.",
        ]
        kept = [s for s in SESSIONS if s.kind == planning.CYCLE and s.day >= not_before]
        assert 0 < len(kept) < 8 and len(handout.cycle_dates) == len(kept)
        assert handout.cycle_dates[0].startswith(f"1 of {len(kept)}: ")
        assert all(m.technique_kind == gate.TECHNIQUE_FULL for m in handout.muscles)
        for day in (s.day for s in SESSIONS if s.day < not_before):
            assert dateformat.format(day, "j N Y") not in words(handout)

    def test_german(self):
        handout = content(decide(finding("surgery", on=TODAY - timedelta(days=10))), language="de")
        assert (
            handout.notices[0] == "Bitte beginnen Sie mit den Übungen erst am Fr, 1. Jan. 2027, nicht früher."
        )


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


@pytest.mark.parametrize(
    "found",
    [
        ["saddle-numbness"],
        ["numbness"],
        ["fever", "infection-risk"],
        ["surgery"],
        ["blood-thinners"],
        ["lymphoedema"],
    ],
)
def test_every_notice_is_worded_in_both_languages(found):
    clearance = gate.Clearance("c", cleared_on=TODAY, covers=frozenset({"numbness"}))
    for clearances in ([], [clearance]):
        decision = decide(*(finding(slug) for slug in found), clearances=clearances)
        english, german = content(decision), content(decision, language="de")
        lines = (english.actions + english.notices, german.actions + german.notices)
        assert lines[0] and len(lines[0]) == len(lines[1])
        assert all(line for line in lines[0] + lines[1])
        assert all(en != de for en, de in zip(*lines, strict=True))


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


def test_the_general_rules_claim_no_effect():
    for found in ((), (finding("blood-thinners"),)):
        rules = " ".join(content(decide(*found)).general_rules)
        assert "10 minutes" not in rules and "does more" not in rules and "few minutes at a time" in rules
