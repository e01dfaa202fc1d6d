"""The finder's ranking rules, on small hand-made knowledge bases (no database)."""

from __future__ import annotations

import itertools

import pytest

from tests.knowledge_factory import muscle, region, snapshot
from triggerfinder.core.finder import normalise_regions, rank_muscles
from triggerfinder.core.knowledge import UnknownEntryError


def slugs(results) -> list[str]:
    return [r.muscle.slug for r in results]


def test_only_muscles_referring_to_a_chosen_region_are_listed():
    kb = snapshot(muscle("a", lower_back=1), muscle("b", neck=3))
    assert slugs(rank_muscles(kb, ["lower-back"])) == ["a"]


def test_a_common_referrer_ranks_above_a_rare_one_that_touches_more_regions():
    kb = snapshot(muscle("single", lower_back=3), muscle("double", lower_back=1, hip=1))
    assert slugs(rank_muscles(kb, ["lower-back", "hip"])) == ["single", "double"]


def test_regions_explained_break_a_tie_of_weights():
    kb = snapshot(muscle("single", lower_back=2), muscle("double", lower_back=1, hip=1))
    assert slugs(rank_muscles(kb, ["lower-back", "hip"])) == ["double", "single"]


def test_intensities_and_a_bonus_weight_the_ranking():
    kb = snapshot(muscle("back", lower_back=3), muscle("hip", hip=2))
    assert slugs(rank_muscles(kb, ["lower-back", "hip"], intensities={"lower-back": 2, "hip": 8})) == [
        "hip",
        "back",
    ]
    assert rank_muscles(kb, ["lower-back"], bonus={"back": 10})[0].score == 13


def test_higher_weight_ranks_higher():
    kb = snapshot(muscle("low", lower_back=1), muscle("high", lower_back=3), muscle("mid", lower_back=2))
    assert slugs(rank_muscles(kb, ["lower-back"])) == ["high", "mid", "low"]


def test_sum_of_weights_then_best_single_weight():
    kb = snapshot(muscle("even", lower_back=2, hip=2), muscle("peak", lower_back=3, hip=1))
    results = rank_muscles(kb, ["lower-back", "hip"])
    assert [r.score for r in results] == [4, 4]
    assert slugs(results) == ["peak", "even"]


def test_ties_break_by_slug_whatever_the_input_order():
    muscles = [muscle(name, lower_back=2) for name in ["c", "a", "b"]]
    for order in itertools.permutations(muscles):
        assert slugs(rank_muscles(snapshot(*order), ["lower-back"])) == ["a", "b", "c"]


def test_choosing_a_parent_region_covers_its_sub_regions():
    kb = snapshot(muscle("knee", leg_knee=3), muscle("calf", leg_calf=2), muscle("back", lower_back=3))
    results = rank_muscles(kb, ["leg"])
    assert slugs(results) == ["knee", "calf"]
    assert results[0].matches[0].chosen == "leg" and results[0].matches[0].region == "leg-knee"


def test_a_sub_region_does_not_count_twice_beside_its_parent():
    kb = snapshot(muscle("knee", leg_knee=3))
    (result,) = rank_muscles(kb, ["leg", "leg-knee"])
    assert result.regions_explained == 1 and result.score == 3
    assert normalise_regions(kb, ["leg-knee", "leg", "leg"]) == ["leg"]


def test_every_referral_inside_a_parent_counts_and_the_strongest_names_it():
    kb = snapshot(muscle("m", leg_knee=1, leg_calf=3))
    (result,) = rank_muscles(kb, ["leg"])
    assert result.score == 4 and result.matches[0].region == "leg-calf" and result.matches[0].weight == 3


def test_a_muscle_that_sends_pain_down_the_whole_leg_leads_for_back_and_leg_pain():
    """Gluteus minimus, the classic pseudo-sciatica muscle, against a rare back referrer."""
    kb = snapshot(
        muscle("gluteus-minimus", leg_knee=3, leg_calf=2),
        muscle("soleus", lower_back=1, leg_calf=3),
        muscle("quadratus-lumborum", lower_back=3),
    )
    assert slugs(rank_muscles(kb, ["lower-back", "leg"])) == [
        "gluteus-minimus",
        "soleus",
        "quadratus-lumborum",
    ]


def test_each_result_carries_its_reason():
    kb = snapshot(muscle("m", lower_back=3, hip=2))
    (result,) = rank_muscles(kb, ["lower-back", "hip"])
    assert [(m.region, m.weight) for m in result.matches] == [("lower-back", 3), ("hip", 2)]


def test_unknown_regions_are_named():
    kb = snapshot(muscle("m", lower_back=3))
    with pytest.raises(UnknownEntryError) as error:
        rank_muscles(kb, ["lower-back", "elbow", "moon"])
    assert error.value.slugs == ["elbow", "moon"] and error.value.kind == "regions"


def test_no_regions_no_results_and_limit():
    kb = snapshot(*(muscle(f"m{i}", lower_back=1 + i % 3) for i in range(10)))
    assert rank_muscles(kb, []) == []
    assert len(rank_muscles(kb, ["lower-back"], limit=3)) == 3


def test_a_cycle_in_region_parents_does_not_hang():
    kb = snapshot(muscle("m", a=2), regions=[region("a", parent="b"), region("b", parent="a")])
    assert slugs(rank_muscles(kb, ["a"])) == ["m"]
    assert slugs(rank_muscles(kb, ["b"])) == ["m"]
