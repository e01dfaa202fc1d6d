"""presentation.decisions: the gate's verdict and decision as plain dicts, from the shipped knowledge."""

from __future__ import annotations

import datetime

import pytest
from django.utils import formats, translation

from triggerfinder.core import gate
from triggerfinder.core.planning import intake_decision
from triggerfinder.core.screening import screen
from triggerfinder.presentation.decisions import (
    decision_dict,
    finding_choices,
    level_label,
    too_early_text,
    verdict_dict,
)

TODAY = datetime.date(2026, 3, 2)
LEVELS = ("emergency", "refer", "postpone", "caution", "clear")
REASON_KEYS = {"slug", "level", "level_label", "label", "therapist_note", "client_advice"}


def decided(snapshot, *found, regions=("lower-back",)):
    return intake_decision(snapshot, contraindications=found, regions=regions, today=TODAY)


class TestLevelLabel:
    def test_every_level_has_its_own_short_name(self):
        labels = [level_label(level) for level in LEVELS]
        assert all(labels) and len(set(labels)) == len(LEVELS)

    def test_an_unknown_level_is_an_error(self):
        with pytest.raises(KeyError):
            level_label("severe")


class TestVerdict:
    def test_reasons_most_severe_first(self, shipped):
        verdict = screen(shipped, ["blood-thinners", "numbness"])
        row = verdict_dict(verdict, "en")
        assert row["level"] == "refer"
        assert row["needs_clearance"] is True
        assert [r["slug"] for r in row["reasons"]] == ["numbness", "blood-thinners"]
        assert [r["level"] for r in row["reasons"]] == ["refer", "caution"]
        assert set(row["reasons"][0]) == REASON_KEYS
        assert row["reasons"][0]["label"] == shipped.contraindications["numbness"].label.en
        with translation.override("en"):
            assert row["reasons"][0]["level_label"] == level_label("refer")

    def test_an_escalation_names_its_rule(self, shipped):
        verdict = screen(shipped, ["older-age-new-onset", "widespread-pain"])
        row = verdict_dict(verdict, "en")
        assert verdict.escalations
        assert row["escalations"] == [
            {"slug": e.rule.slug, "level": e.rule.level, "reason": e.rule.reason.en}
            for e in verdict.escalations
        ]

    def test_nothing_found_is_clear(self, shipped):
        row = verdict_dict(screen(shipped, []), "en")
        assert row["level"] == "clear"
        assert row["reasons"] == [] and row["escalations"] == []


class TestDecision:
    def test_a_refer_finding_blocks_until_cleared(self, shipped):
        row = decision_dict(decided(shipped, "numbness"), "en", shipped)
        assert row["level"] == "refer"
        assert row["blocked"] is True and row["emergency"] is False
        assert row["dates"] == gate.DATES_AFTER_CLEARANCE
        assert [u["label"] for u in row["uncovered"]] == [shipped.contraindications["numbness"].label.en]
        assert row["uncovered"][0]["recorded_on"] == TODAY
        assert row["clearances"] == []

    def test_an_emergency_shows_no_dates(self, shipped):
        row = decision_dict(decided(shipped, "saddle-numbness"), "en", shipped)
        assert row["level"] == "emergency" and row["emergency"] is True
        assert row["dates"] == gate.DATES_NONE

    def test_a_postpone_finding_gives_the_first_day(self, shipped):
        days = shipped.contraindications["acute-injury"].postpone_days
        row = decision_dict(decided(shipped, "acute-injury"), "en", shipped)
        assert row["blocked"] is False
        assert row["not_before"] == TODAY + datetime.timedelta(days=days)

    def test_without_a_postponement_there_is_no_first_day(self, shipped):
        assert decision_dict(decided(shipped), "en", shipped)["not_before"] is None

    def test_a_caution_lowers_the_pressure_and_names_the_muscles_left_out(self, shipped):
        decision = decided(shipped, "osteoporosis", regions=("upper-back",))
        row = decision_dict(decision, "en", shipped)
        assert row["pressure"] == "light"
        label = shipped.contraindications["osteoporosis"].label.en
        assert row["excluded_muscles"] == [
            {"name": shipped.muscles[slug].name.en, "why": label} for slug in decision.excluded_muscles
        ]
        assert "quadratus-lumborum" in decision.excluded_muscles

    def test_without_the_knowledge_the_muscles_are_named_by_slug(self, shipped):
        decision = decided(shipped, "osteoporosis", regions=("upper-back",))
        names = [m["name"] for m in decision_dict(decision, "en")["excluded_muscles"]]
        assert names == list(decision.excluded_muscles)

    def test_the_verdict_is_part_of_it(self, shipped):
        decision = decided(shipped, "numbness", "blood-thinners")
        row = decision_dict(decision, "en", shipped)
        assert verdict_dict(decision.verdict, "en").items() <= row.items()

    def test_warning_signs(self, shipped):
        decision = decided(shipped, regions=("neck",))
        assert decision_dict(decision, "en", shipped)["warning_signs"] == [
            {"slug": c.slug, "level": c.level, "label": c.label.en} for c in decision.warning_signs
        ]
        assert decision.warning_signs


class TestFindingChoices:
    def test_grouped_by_level_most_severe_first(self, shipped):
        groups = finding_choices(shipped, "en")
        with translation.override("en"):
            assert [label for label, _choices in groups] == [
                level_label(level) for level in ("emergency", "refer", "postpone", "caution")
            ]

    def test_every_contraindication_once_under_its_level(self, shipped):
        groups = dict(
            zip(("emergency", "refer", "postpone", "caution"), finding_choices(shipped, "en"), strict=True)
        )
        chosen = [slug for _label, choices in groups.values() for slug, _name in choices]
        assert sorted(chosen) == sorted(shipped.contraindications)
        for level, (_label, choices) in groups.items():
            assert {shipped.contraindications[slug].level for slug, _name in choices} == {level}
            assert all(name == shipped.contraindications[slug].label.en for slug, name in choices)


def test_too_early_names_the_day():
    day = datetime.date(2026, 4, 14)
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") in too_early_text(day)
