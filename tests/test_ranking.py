"""The one ranking the finder and the planner share, on the shipped knowledge base: the muscles a
therapist expects for realistic combinations of painful regions."""

from __future__ import annotations

import pytest

from triggerfinder.core.finder import rank_muscles
from triggerfinder.core.planning import focus_muscles
from triggerfinder.selectors.knowledge import knowledge_snapshot


def top(regions: list[str], n: int = 3) -> list[str]:
    return [r.muscle.slug for r in rank_muscles(knowledge_snapshot(), regions)[:n]]


@pytest.mark.django_db
class TestRealisticCombinations:
    def test_back_and_leg_pain_starts_with_the_pseudo_sciatica_muscle(self):
        ranked = top(["lower-back", "leg"], n=10)
        assert ranked[0] == "gluteus-minimus"
        assert "soleus" not in ranked[:3]  # a rare (weight 1) back referrer
        assert "quadratus-lumborum" in ranked[:3]

    def test_back_buttock_and_upper_back_start_with_the_common_referrers(self):
        ranked = top(["lower-back", "hip-buttock", "upper-back"])
        assert set(ranked[:2]) == {"gluteus-medius", "quadratus-lumborum"}
        assert "rectus-abdominis" not in ranked

    def test_neck_and_head(self):
        assert top(["neck", "head"], n=1) == ["trapezius-upper"]

    def test_buttock_and_outer_thigh(self):
        ranked = top(["hip-buttock", "leg-lateral-thigh"])
        assert ranked[0] == "gluteus-minimus" and "tensor-fasciae-latae" in ranked

    def test_shoulders(self):
        # Four weight-3 referrers (the rotator-cuff pair per Travell & Simons [TP-CA], the two most
        # prevalent in neck pain [CT16]); subscapularis (weight 2, back of the shoulder) follows.
        ranked = top(["shoulders"], n=20)
        assert set(ranked[:4]) == {"infraspinatus", "supraspinatus", "levator-scapulae", "trapezius-upper"}
        assert "subscapularis" in ranked[4:]

    def test_shoulder_and_upper_back_keeps_the_rotator_cuff_near_the_top(self):
        ranked = top(["shoulders", "upper-back"], n=8)
        assert ranked[0] == "levator-scapulae"  # 3 + 2, both regions
        assert "infraspinatus" in ranked[:3]  # 3 + 1, both regions
        assert "supraspinatus" in ranked and "subscapularis" not in ranked[:4]

    def test_knee_and_groin_start_with_the_adductors(self):
        # Adductors: groin 3 + knee 2 [WMM-ADD]; vastus medialis: knee 2 + inner lower thigh 1 [NAMTPT-VM].
        ranked = top(["leg-knee", "leg-anterior-thigh-groin"], n=4)
        assert ranked[0] == "adductor-longus-brevis"
        assert "vastus-medialis" in ranked[:3]

    def test_knee_alone_lists_the_thigh_muscles_with_weight_two(self):
        ranked = rank_muscles(knowledge_snapshot(), ["leg-knee"])
        scores = {r.muscle.slug: r.score for r in ranked}
        assert scores["vastus-medialis"] == scores["adductor-longus-brevis"] == 2
        assert max(scores.values()) == 2
        assert scores["gastrocnemius"] < scores["vastus-medialis"]

    def test_groin_alone_starts_with_the_adductors(self):
        assert top(["leg-anterior-thigh-groin"], n=1) == ["adductor-longus-brevis"]

    def test_the_planner_uses_the_same_ranking_with_intensities(self):
        snapshot = knowledge_snapshot()
        focus = focus_muscles(snapshot, {"lower-back": 8, "leg": 2})
        finder = rank_muscles(snapshot, ["lower-back", "leg"], intensities={"lower-back": 8, "leg": 2})
        assert [f.muscle.slug for f in focus] == [r.muscle.slug for r in finder[:5]]
        assert focus[0].muscle.slug in {"quadratus-lumborum", "gluteus-medius", "iliocostalis-lumborum"}
