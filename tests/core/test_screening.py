"""Screening: the most severe level wins, and no reason is ever dropped."""

from __future__ import annotations

import pytest

from tests.knowledge_factory import contraindication, snapshot, text
from triggerfinder.core.knowledge import EscalationRule, UnknownEntryError
from triggerfinder.core.screening import SAFETY_FLOORS, screen, screen_contraindications

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


# Facts §5.5: the red flags added after the first review have floors; "age over 50 with new back
# pain" and the inflammatory pattern have none (a caution, raised by another flag).
NEW_FLOORS = {
    "cauda-equina-sexual-dysfunction": "emergency",
    "bilateral-leg-symptoms": "emergency",
    "spontaneous-arterial-dissection": "emergency",
    "aortic-dissection": "emergency",
    "aneurysm-sudden-pain": "emergency",
    "giant-cell-arteritis-vision": "emergency",
    "cervical-myelopathy": "refer",
    "giant-cell-arteritis": "refer",
    "secondary-headache": "refer",
    "neck-vascular-risk": "refer",
    "superficial-thrombophlebitis": "refer",
}


@pytest.mark.parametrize(("slug", "floor"), sorted(NEW_FLOORS.items()))
def test_the_new_red_flags_have_floors(slug, floor):
    assert SAFETY_FLOORS[slug] == floor
    lowered = snapshot(contraindications=[contraindication(slug, "caution")])
    assert screen(lowered, [slug]).level == floor


def test_the_general_refer_flags_of_5_5_are_floored_alike():
    """Pain at many sites sits beside feeling unwell, non-mechanical thoracic pain and first back
    pain under 20 in the same g-care/NICE row: one decision for all four (none has a floor yet)."""
    row = ("non-mechanical-thoracic-pain", "generally-unwell", "first-back-pain-under-20", "widespread-pain")
    assert len({SAFETY_FLOORS.get(slug) for slug in row}) == 1


def test_weak_flags_have_no_floor():
    assert not {"older-age-new-onset", "inflammatory-back-pain"} & set(SAFETY_FLOORS)


WEAK_WITH_ANOTHER_FLAG = EscalationRule(
    slug="weak-back-flag-with-another-flag",
    level="refer",
    groups=(
        frozenset({"older-age-new-onset", "inflammatory-back-pain"}),
        frozenset({"saddle-numbness", "numbness"}),
    ),
    reason=text("reason"),
)
WEAK = snapshot(
    contraindications=[
        contraindication("older-age-new-onset", "caution"),
        contraindication("inflammatory-back-pain", "caution"),
        contraindication("saddle-numbness", "emergency"),
        contraindication("numbness", "refer"),
        contraindication("blood-thinners", "caution"),
    ]
)


def weak_screen(found: list[str]):
    return screen_contraindications(
        (WEAK.contraindications[slug] for slug in found), [WEAK_WITH_ANOTHER_FLAG]
    )


@pytest.mark.parametrize(
    ("found", "level", "escalated"),
    [
        (["older-age-new-onset"], "caution", False),
        (["inflammatory-back-pain"], "caution", False),
        (["older-age-new-onset", "inflammatory-back-pain"], "caution", False),  # two weak flags
        (["older-age-new-onset", "blood-thinners"], "caution", False),
        (["older-age-new-onset", "numbness"], "refer", True),
        (["inflammatory-back-pain", "numbness"], "refer", True),
        (["older-age-new-onset", "saddle-numbness"], "emergency", True),
    ],
)
def test_a_weak_flag_escalates_to_refer_with_another_flag(found, level, escalated):
    verdict = weak_screen(found)
    assert verdict.level == level
    assert bool(verdict.escalations) is escalated
    if escalated:
        assert verdict.level_of(found[0]) in {"refer", "emergency"}
        assert verdict.needs_clearance
