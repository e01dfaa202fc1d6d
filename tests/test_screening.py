"""Screening: the most severe level wins, and no reason is ever dropped."""

from __future__ import annotations

import pytest

from tests.knowledge_factory import contraindication, snapshot
from triggerfinder.core.knowledge import UnknownEntryError
from triggerfinder.core.screening import screen

KB = snapshot(
    contraindications=[
        contraindication("saddle-numbness", "emergency"),
        contraindication("numbness", "refer"),
        contraindication("fever", "postpone"),
        contraindication("blood-thinners", "caution", order=1),
        contraindication("pregnancy", "caution", order=2),
    ]
)


def test_nothing_found_is_clear():
    verdict = screen(KB, [])
    assert verdict.level == "clear" and verdict.reasons == ()
    assert not verdict.needs_clearance and not verdict.postpones


@pytest.mark.parametrize(
    ("found", "level"),
    [
        (["blood-thinners"], "caution"),
        (["fever", "blood-thinners"], "postpone"),
        (["blood-thinners", "numbness", "fever"], "refer"),
        (["fever", "numbness", "saddle-numbness", "blood-thinners"], "emergency"),
    ],
)
def test_the_most_severe_level_present_wins(found, level):
    assert screen(KB, found).level == level


def test_every_reason_is_kept_most_severe_first():
    verdict = screen(KB, ["pregnancy", "fever", "blood-thinners", "numbness", "numbness"])
    assert [c.slug for c in verdict.reasons] == ["numbness", "fever", "blood-thinners", "pregnancy"]


@pytest.mark.parametrize(
    ("found", "blocks"), [(["saddle-numbness"], True), (["numbness"], True), (["fever"], False)]
)
def test_emergency_and_refer_need_clearance(found, blocks):
    assert screen(KB, found).needs_clearance is blocks


def test_caution_advice_survives_a_more_severe_level():
    verdict = screen(KB, ["numbness", "blood-thinners"])
    assert verdict.level == "refer"
    assert [c.slug for c in verdict.cautions] == ["blood-thinners"]


def test_postpone_is_seen_beside_refer():
    assert screen(KB, ["numbness", "fever"]).postpones


def test_unknown_contraindications_are_named():
    with pytest.raises(UnknownEntryError) as error:
        screen(KB, ["fever", "broken-heart"])
    assert error.value.slugs == ["broken-heart"] and error.value.kind == "contraindications"
