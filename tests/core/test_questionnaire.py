"""The questionnaire's plain rules: spans to months, and reading stored answers defensively."""

from __future__ import annotations

import dataclasses

from triggerfinder.core import questionnaire
from triggerfinder.core.knowledge import Contraindication, Text


def test_each_span_plans_no_shorter_cycle_than_its_truth():
    months = questionnaire.DURATION_MONTHS
    assert months[questionnaire.UNDER_6_WEEKS] < 3 and months[questionnaire.WEEKS_6_TO_12] < 3
    assert months[questionnaire.MONTHS_3_TO_12] == 3  # chronic from 3 months (IASP)
    assert months[questionnaire.OVER_A_YEAR] == 12  # the long cycle
    assert questionnaire.duration_months("forever") is None


def test_stored_answers_are_read_defensively():
    stored = {
        "regions": {"neck": 4, "leg": "7", "back": True, "arm": 11, 5: 3},
        "screening": {"fever": True, "pregnancy": "no"},
        "contact": {"first_name": "Ana", "email": None},
    }
    assert questionnaire.regions_of(stored) == {"neck": 4}
    assert questionnaire.screening_of(stored) == {"fever": True}
    assert questionnaire.contact_of(stored)["first_name"] == "Ana"
    assert questionnaire.contact_of(stored)["email"] == ""
    assert questionnaire.regions_of({"regions": []}) == {} and questionnaire.contact_of({}) == {}


def test_plain_label_falls_back_to_the_label():
    found = Contraindication(
        slug="x",
        level="caution",
        order=1,
        label=Text(de="Osteoporose", en="Osteoporosis"),
        therapist_note=Text("", ""),
        client_advice=Text("", ""),
    )
    assert found.plain_label("en") == "Osteoporosis"
    plain = dataclasses.replace(found, plain=Text(de="", en="Do you have weak bones?"))
    assert plain.plain_label("en") == "Do you have weak bones?" and plain.plain_label("de") == "Osteoporose"
