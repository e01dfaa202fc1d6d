"""The handout's words apart from the muscles (handout.wording): the progress line, the notices in
both languages, the general rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.handout.handmade import LONG_AGO, TODAY, content, decide, finding
from triggerfinder.core import gate
from triggerfinder.handout.wording import day_text, notice_text


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


def test_the_general_rules_claim_no_effect():
    for found in ((), (finding("blood-thinners"),)):
        rules = " ".join(content(decide(*found)).general_rules)
        assert "10 minutes" not in rules and "does more" not in rules and "few minutes at a time" in rules


def test_day_text_in_each_language():
    with translation.override("en"):
        assert day_text(date(2026, 11, 30), "en") == "Mon, 30 Nov. 2026"
    with translation.override("de"):
        assert day_text(date(2026, 11, 30), "de") == "Mo, 30. Nov. 2026"


def test_a_notice_without_what_its_kind_needs_is_an_error_not_a_silent_gap():
    for kind in (gate.NOTICE_CLEARED, gate.NOTICE_START_ON, gate.NOTICE_CAUTION):
        with pytest.raises(ValueError, match=kind):
            notice_text(gate.Notice(kind), "en")
