"""presentation.finder: a finder result as plain dicts, from the shipped knowledge."""

from __future__ import annotations

from django.utils import translation

from triggerfinder.core import gate
from triggerfinder.core.finder import rank_muscles
from triggerfinder.core.screening import ASK_BEFORE_SELF_TREATMENT
from triggerfinder.models import Tool, Weight
from triggerfinder.presentation.finder import (
    KEY_WARNING_SIGNS,
    before_self_treatment,
    finder_result,
    muscle_dict,
    ranked_dict,
    reason_text,
    region_dict,
    warning_signs,
    weight_label,
)

MUSCLE_KEYS = {
    "slug",
    "name",
    "names",
    "latin_name",
    "view",
    "trigger_points",
    "referral",
    "causes",
    "self_treatment",
    "stretches",
}


class TestFinderResult:
    def test_its_parts(self, shipped):
        result = finder_result(shipped, ["lower-back"], rank_muscles(shipped, ["lower-back"]), "en")
        assert set(result) == {
            "language",
            "regions",
            "muscles",
            "warning_signs",
            "before_self_treatment",
            "disclaimer",
        }
        assert result["language"] == "en"
        assert result["regions"] == [region_dict(shipped, "lower-back", "en")]
        assert result["disclaimer"]

    def test_muscles_ranked_from_one_in_the_order_of_the_core(self, shipped):
        ranked = rank_muscles(shipped, ["lower-back"])
        muscles = finder_result(shipped, ["lower-back"], ranked, "en")["muscles"]
        assert [m["rank"] for m in muscles] == list(range(1, len(ranked) + 1))
        assert [m["slug"] for m in muscles] == [r.muscle.slug for r in ranked]
        assert [m["score"] for m in muscles] == [r.score for r in ranked]
        assert "quadratus-lumborum" in [m["slug"] for m in muscles]

    def test_warning_signs_are_those_of_the_regions_asked_about(self, shipped):
        result = finder_result(shipped, ["neck"], rank_muscles(shipped, ["neck"]), "en")
        assert result["warning_signs"] == warning_signs(shipped, "en", ["neck"])
        assert result["before_self_treatment"] == before_self_treatment(shipped, "en")


class TestMuscle:
    def test_the_muscle_in_one_language_with_both_names(self, shipped):
        muscle = shipped.muscles["quadratus-lumborum"]
        row = muscle_dict(shipped, muscle, "en")
        assert set(row) == MUSCLE_KEYS
        assert row["name"] == muscle.name.en
        assert row["names"] == {"de": muscle.name.de, "en": muscle.name.en}
        assert row["latin_name"] == muscle.latin_name
        assert row["referral"] == muscle.referral.en
        assert muscle_dict(shipped, muscle, "de")["name"] == muscle.name.de

    def test_self_treatment_and_stretches(self, shipped):
        muscle = shipped.muscles["quadratus-lumborum"]
        treatment = muscle_dict(shipped, muscle, "en")["self_treatment"]
        assert treatment["tool"] == muscle.self_treatment.tool
        with translation.override("en"):
            assert treatment["tool_label"] == str(Tool(muscle.self_treatment.tool).label)
        assert treatment["hold_seconds"] == {
            "min": muscle.self_treatment.hold_seconds_min,
            "max": muscle.self_treatment.hold_seconds_max,
        }
        stretches = muscle_dict(shipped, muscle, "en")["stretches"]
        assert [s["slug"] for s in stretches] == [s for s in muscle.stretches if s in shipped.stretches]
        assert stretches and set(stretches[0]) == {
            "slug",
            "name",
            "instructions",
            "hold_seconds",
            "repetitions",
            "caution",
        }

    def test_ranked_explains_each_chosen_region(self, shipped):
        ranked = rank_muscles(shipped, ["lower-back", "hip-buttock"])[0]
        row = ranked_dict(shipped, ranked, 1, "en")
        assert row["rank"] == 1 and row["score"] == ranked.score
        assert set(row) >= MUSCLE_KEYS
        assert [(e["region"], e["chosen"], e["weight"]) for e in row["explains"]] == [
            (m.region, m.chosen, m.weight) for m in ranked.matches
        ]
        with translation.override("en"):
            assert all(e["weight_label"] == weight_label(e["weight"]) for e in row["explains"])
        assert row["reason"] == reason_text(shipped, ranked.matches, "en")


def test_weight_labels_follow_the_model():
    with translation.override("en"):
        assert [weight_label(w) for w in (1, 2, 3)] == [str(Weight(w).label) for w in (1, 2, 3)]


def test_reason_names_each_region_in_the_language(shipped):
    ranked = rank_muscles(shipped, ["lower-back", "hip-buttock"])[0]
    text = reason_text(shipped, ranked.matches, "en")
    for match in ranked.matches:
        assert shipped.regions[match.region].name.en in text


def test_region(shipped):
    assert region_dict(shipped, "leg-knee", "en") == {
        "slug": "leg-knee",
        "name": shipped.regions["leg-knee"].name.en,
        "parent": "leg",
        "view": shipped.regions["leg-knee"].view,
    }


class TestWarningSigns:
    def test_without_a_region_the_nerve_and_cauda_equina_signs_come_first(self, shipped):
        signs = warning_signs(shipped, "en")
        keyed = [s["slug"] for s in signs if s["key"]]
        assert set(keyed) == {slug for slug in KEY_WARNING_SIGNS if slug in shipped.contraindications}
        assert [s["key"] for s in signs] == sorted((s["key"] for s in signs), reverse=True)
        assert {s["level"] for s in signs} <= {"emergency", "refer"}
        assert set(signs[0]) == {"slug", "level", "key", "label", "advice"}

    def test_with_regions_the_key_ones_are_the_gates_for_their_areas(self, shipped):
        expected = gate.warning_signs_for(shipped.contraindications.values(), shipped.areas_of(["neck"]))
        signs = warning_signs(shipped, "en", ["neck"])
        assert {s["slug"] for s in signs if s["key"]} == {c.slug for c in expected}

    def test_within_the_key_ones_emergencies_before_referrals(self, shipped):
        levels = [s["level"] for s in warning_signs(shipped, "en") if s["key"]]
        assert levels == sorted(levels, key=["emergency", "refer"].index)

    def test_every_emergency_and_refer_sign_is_listed_once(self, shipped):
        slugs = [s["slug"] for s in warning_signs(shipped, "en")]
        expected = {c.slug for c in shipped.contraindications.values() if c.level in ("emergency", "refer")}
        assert len(slugs) == len(set(slugs)) and set(slugs) == expected


def test_before_self_treatment_lists_what_to_clarify(shipped):
    rows = before_self_treatment(shipped, "en")
    assert [r["slug"] for r in rows] == [
        s for s in ASK_BEFORE_SELF_TREATMENT if s in shipped.contraindications
    ]
    assert rows
    for row in rows:
        found = shipped.contraindications[row["slug"]]
        assert row == {
            "slug": found.slug,
            "level": found.level,
            "label": found.label.en,
            "advice": found.client_advice.en,
        }
