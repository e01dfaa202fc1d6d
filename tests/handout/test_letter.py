"""What the letter of a blocked client says (handout.letter), as data."""

from __future__ import annotations

from datetime import timedelta

from tests.handout.handmade import (
    FEVER_AND_INFECTION,
    LONG_AGO,
    TODAY,
    UNTIL_THEN,
    content,
    decide,
    finding,
    words,
)
from triggerfinder.core import gate
from triggerfinder.handout.structure import Handout


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
