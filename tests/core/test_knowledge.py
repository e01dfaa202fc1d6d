"""The knowledge snapshot of the pure core (``triggerfinder/core/knowledge.py``): texts in two
languages, the region tree and its loops, and the lookups every other core module makes."""

from __future__ import annotations

import pytest

from tests.knowledge_factory import region, snapshot, text
from triggerfinder.core.knowledge import KnowledgeSnapshot, Text, UnknownEntryError, parent_cycles

KB = snapshot(
    regions=[
        region("back"),
        region("lower-back", parent="back"),
        region("sacrum", parent="lower-back"),
        region("neck"),
    ]
)


class TestText:
    def test_english_when_asked_german_otherwise(self):
        words = Text(de="Rücken", en="back")
        assert words.get("en") == "back"
        assert words.get("de") == "Rücken"
        assert words.get("fr") == "Rücken"  # the practice's language is the fallback


class TestParentCycles:
    def test_a_tree_has_none(self):
        assert parent_cycles({"back": None, "lower-back": "back", "sacrum": "lower-back"}) == []

    def test_its_own_parent(self):
        assert parent_cycles({"back": "back"}) == [["back", "back"]]

    def test_a_longer_loop_is_named_once_with_its_way(self):
        cycles = parent_cycles({"a": "b", "b": "c", "c": "a", "d": "a"})
        assert len(cycles) == 1 and cycles[0][0] == cycles[0][-1] and set(cycles[0]) == {"a", "b", "c"}

    def test_a_parent_outside_the_map_ends_the_chain(self):
        assert parent_cycles({"knee": "leg"}) == []

    def test_ids_work_as_well_as_slugs(self):
        assert parent_cycles({1: 2, 2: 1}) != []


class TestRegionTree:
    def test_descendants_include_the_region_itself(self):
        assert KB.region_descendants["back"] == {"back", "lower-back", "sacrum"}
        assert KB.region_descendants["sacrum"] == {"sacrum"}

    def test_ancestors_nearest_first(self):
        assert KB.ancestors("sacrum") == ["lower-back", "back"]
        assert KB.ancestors("back") == []
        assert KB.ancestors("elbow") == []

    def test_areas_are_the_top_level_regions(self):
        assert KB.areas_of(["sacrum", "neck", "elbow"]) == {"back", "neck"}

    def test_top_regions_and_children(self):
        assert [r.slug for r in KB.top_regions] == ["back", "neck"]
        assert [r.slug for r in KB.children_of("back")] == ["lower-back"]

    def test_a_loop_in_edited_data_does_not_hang(self):
        looped = KnowledgeSnapshot(
            regions={r.slug: r for r in [region("a", parent="b"), region("b", parent="a")]}
        )
        assert looped.region_descendants["a"] == {"a", "b"}
        assert looped.ancestors("a") == ["b"]


class TestRequire:
    def test_keeps_the_order_and_drops_duplicates(self):
        assert KB.require("regions", ["neck", "back", "neck"]) == ["neck", "back"]

    def test_names_every_unknown_slug(self):
        with pytest.raises(UnknownEntryError) as raised:
            KB.require("regions", ["neck", "elbow", "wrist"])
        assert raised.value.kind == "regions"
        assert raised.value.slugs == ["elbow", "wrist"]
        assert isinstance(raised.value, ValueError)

    def test_each_kind_of_entry(self):
        assert KB.require("perpetuating_factors", ["stress"]) == ["stress"]
        assert KB.require("stretches", ["stretch"]) == ["stretch"]
        with pytest.raises(UnknownEntryError):
            KB.require("muscles", ["psoas"])


def test_the_factory_texts_are_bilingual():
    assert text("neck") == Text(de="neck (de)", en="neck")
