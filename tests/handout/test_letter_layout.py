"""The letter's PDF (handout.letter_layout): one page in large type, nothing about treating."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import dateformat

from tests.handout.handmade import content, decide, finding
from tests.handout.shipped import (
    EMERGENCY_THREE,
    HOSTILE,
    LOWER_BODY_SIGNS,
    MONDAY,
    REFER_THREE,
    flat,
    pages,
    printed,
    smallest_text_pt,
)
from triggerfinder.handout.letter_layout import LETTER_SCALES, _height, letter_story
from triggerfinder.handout.styles import LETTER_BODY_PT, LETTER_HEIGHT
from triggerfinder.selectors.knowledge import knowledge_snapshot


@pytest.mark.django_db
class TestLetterPdf:
    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("slugs", [REFER_THREE, EMERGENCY_THREE], ids=["refer", "emergency"])
    def test_one_page_in_large_type_with_nothing_about_treating(self, language, slugs):
        data, pdf, text = printed(
            language=language, name=HOSTILE, contraindications=[*slugs, "blood-thinners"]
        )
        snapshot = knowledge_snapshot()
        assert pages(pdf) == 1
        assert smallest_text_pt(pdf) >= 12 and LETTER_BODY_PT >= 12
        title = {"de": "Bitte zuerst ärztlich abklären lassen", "en": "Please have this checked first"}
        if "saddle-numbness" in slugs:
            title = {
                "de": "Bitte holen Sie sich heute ärztliche Hilfe",
                "en": "Please get medical help today",
            }
            assert "112" in text and ("Notaufnahme" in text or "emergency department" in text)
        assert title[language] in text
        assert HOSTILE in text
        for slug in slugs:
            assert flat(snapshot.contraindications[slug].label.get(language)) in text
            assert flat(snapshot.contraindications[slug].client_advice.get(language))[:60] in text
        for sign in set(LOWER_BODY_SIGNS) - set(slugs):
            assert flat(snapshot.contraindications[sign].label.get(language))[:30] in text
        for line in ("Praxis Weber & Partner", "Hauptstraße 5", "01067 Dresden", "0351 1234"):
            assert line in text
        for muscle in snapshot.muscles.values():
            assert muscle.name.get(language) not in text and muscle.latin_name not in text
        for session in data.sessions:
            for form in ("j. N Y", "j N Y", "j.n.Y", "Y-m-d"):
                assert dateformat.format(session.day, form) not in text or session.day == MONDAY
        for absent in (
            "Nach jeder Sitzung",
            "After each session",
            "Sie brauchen:",
            "You need:",
            "Kann Ihre Schmerzen",
            "Can cause your pain",
            "Behandlungstermine",
            "treatment dates",
            "Blutverdünner",
            "blood thinners",
            "Dehnung: ",
            "Stretch: ",
            "Ihr Verlauf",
            "Your progress",
        ):
            assert absent not in text
        assert b"/URI" not in pdf and b"/XObject" not in pdf

    def test_many_findings_still_fit_one_page(self):
        many = [
            *EMERGENCY_THREE,
            "leg-weakness",
            "radiating-nerve-pain",
            "tingling",
            "cancer-history",
            "night-pain",
        ]
        for language in ("de", "en"):
            pdf = printed(language=language, contraindications=many)[1]
            assert pages(pdf) == 1


class TestFit:
    """The letter keeps its full size when it fits one page and shrinks just enough when not
    (hand-made knowledge, no database)."""

    def test_a_short_letter_at_full_size(self):
        story, scale = letter_story(content(decide(finding("numbness"))))
        assert scale == LETTER_SCALES[0] == 1.0 and story

    def test_a_long_letter_shrinks_to_one_page(self):
        handout = content(decide(finding("numbness")))
        longer = dataclasses.replace(handout, warning_signs=[f"sign {n} " * 12 for n in range(30)])
        story, scale = letter_story(longer)
        assert scale < 1.0 and _height(story) <= LETTER_HEIGHT
