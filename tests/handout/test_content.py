"""What a handout says as a whole (handout.content): the clear handout, a cleared and a postponed
one; with hand-made knowledge, and with the shipped knowledge base."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.utils import dateformat

from tests.handout.handmade import FOCUS, NORMAL_STEPS, SESSIONS, TODAY, content, decide, finding, words
from tests.handout.shipped import EMERGENCY_THREE, LOWER_BODY_SIGNS, MONDAY, REFER_THREE, handout_input
from triggerfinder.core import gate, planning
from triggerfinder.handout.content import handout_content
from triggerfinder.selectors.knowledge import knowledge_snapshot


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


@pytest.mark.django_db
class TestContent:
    def test_clear_has_techniques_stretches_dates_and_warnings(self):
        handout = handout_content(knowledge_snapshot(), handout_input())
        assert not handout.letter and len(handout.muscles) == 3
        assert handout.more_muscles.startswith("Ebenfalls behandlungswürdig: ")
        assert all(
            m.technique_kind == gate.TECHNIQUE_FULL and m.technique and m.stretch for m in handout.muscles
        )
        assert not handout.notices
        assert len(handout.cycle_dates) >= 8 and len(handout.maintenance_dates) == 3
        labels = {slug: c.label.de for slug, c in knowledge_snapshot().contraindications.items()}
        assert labels["numbness"] in handout.warning_signs
        assert labels["saddle-numbness"] in handout.emergency_signs
        assert set(handout.warning_signs + handout.emergency_signs) == {labels[s] for s in LOWER_BODY_SIGNS}
        assert labels["thunderclap-headache"] not in handout.emergency_signs  # the neck's, not the back's
        assert any("24 bis 48 Stunden" in line for line in handout.aftercare)
        sitting = knowledge_snapshot().perpetuating_factors["prolonged-sitting"]
        assert handout.factor_advice == [(sitting.name.de, sitting.advice.de)]

    def test_a_caution_prints_its_advice_once_at_the_top(self):
        handout = handout_content(knowledge_snapshot(), handout_input(contraindications=["blood-thinners"]))
        blood_thinners = knowledge_snapshot().contraindications["blood-thinners"]
        advice = blood_thinners.client_advice.de
        assert handout.notices[0] == f"{blood_thinners.label.de}: {advice}"
        assert sum(notice.count(advice) for notice in handout.notices) == 1
        assert not any(blood_thinners.label.de in step for m in handout.muscles for step in m.technique)

    @pytest.mark.parametrize("slugs", [REFER_THREE, EMERGENCY_THREE])
    def test_refer_and_emergency_make_a_letter(self, slugs):
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=[*slugs, "blood-thinners"])
        )
        assert (
            handout.letter and not handout.muscles and not handout.cycle_dates and not handout.general_rules
        )
        snapshot = knowledge_snapshot()
        found = {label for f in handout.findings for label in f.labels}
        assert found == {snapshot.contraindications[s].label.de for s in slugs}

    def test_refer_with_a_valid_clearance_gives_the_handout_back(self):
        clearance = gate.Clearance("c", cleared_on=MONDAY, covers=frozenset({"numbness"}))
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=["numbness"], clearances=[clearance])
        )
        assert not handout.letter and all(m.technique for m in handout.muscles)
        assert handout.notices == [
            "Ihre Ärztin oder Ihr Arzt hat die Behandlung am Mo, 30. Nov. 2026 freigegeben. Hören Sie "
            "trotzdem sofort auf, wenn sich Ihre Beschwerden verändern."
        ]

    def test_postpone_says_when_to_start(self):
        surgery = dataclasses.replace(
            knowledge_snapshot().contraindications["recent-surgery"], postpone_days=42
        )
        data = handout_input(contraindications=["recent-surgery"], overrides=[surgery])
        handout = handout_content(knowledge_snapshot(), data)
        not_before = data.decision.not_before
        assert not_before >= MONDAY + timedelta(days=40)
        assert handout.notices[0] == (
            f"Bitte beginnen Sie mit den Übungen erst am {dateformat.format(not_before, 'D, j. N Y')}, nicht früher."
        )
        assert all(m.technique for m in handout.muscles)

    def test_english(self):
        handout = handout_content(knowledge_snapshot(), handout_input(language="en"))
        assert handout.title == "Your self-care plan"
        assert handout.muscles[0].name in {m.name.en for m in knowledge_snapshot().muscles.values()}
        english_signs = {c.label.en for c in knowledge_snapshot().contraindications.values()}
        assert handout.warning_signs and set(handout.warning_signs) <= english_signs
