"""Screening as questions (core.screening): which are shown for which pain, and which are open."""

from __future__ import annotations

from datetime import date

import pytest

from tests.knowledge_factory import contraindication, snapshot
from triggerfinder.core import gate, screening

SADDLE = contraindication("saddle-numbness", "emergency", 1, warning_regions=frozenset({"lower-back", "leg"}))
DVT = contraindication("suspected-dvt", "emergency", 2, warning_regions=frozenset({"leg"}))
NECK_ARTERY = contraindication("neck-vascular-risk", "refer", 3, warning_regions=frozenset({"neck"}))
FEVER = contraindication("fever", "postpone", 4)
THINNERS = contraindication("blood-thinners", "caution", 5)
KB = snapshot(contraindications=[THINNERS, NECK_ARTERY, FEVER, DVT, SADDLE])
AREA_ORDER = ["lower-back", "hip", "leg", "neck"]


def groups_for(*areas: str) -> list[tuple[str | None, tuple[str, ...]]]:
    found = screening.screening_questions(KB.contraindications.values(), areas, AREA_ORDER)
    return [(group.area, group.questions) for group in found]


def test_general_questions_are_asked_of_every_client_first():
    assert groups_for() == [(None, ("fever", "blood-thinners"))]


def test_a_low_back_client_is_not_asked_neck_questions():
    assert groups_for("lower-back") == [
        (None, ("fever", "blood-thinners")),
        ("lower-back", ("saddle-numbness",)),
    ]
    assert "neck-vascular-risk" not in screening.questions_of(
        screening.screening_questions(KB.contraindications.values(), {"lower-back"}, AREA_ORDER)
    )


def test_a_question_of_several_areas_is_asked_once_in_the_first_chosen_area():
    assert groups_for("leg", "lower-back") == [
        (None, ("fever", "blood-thinners")),
        ("lower-back", ("saddle-numbness",)),
        ("leg", ("suspected-dvt",)),
    ]
    assert groups_for("leg") == [
        (None, ("fever", "blood-thinners")),
        ("leg", ("saddle-numbness", "suspected-dvt")),
    ]


def test_an_area_without_questions_gets_no_group():
    assert groups_for("hip") == [(None, ("fever", "blood-thinners"))]


def test_questions_for_maps_sub_regions_to_their_area():
    found = screening.questions_for(KB, ["leg-knee"])
    assert [(g.area, g.questions) for g in found][-1] == ("leg", ("saddle-numbness", "suspected-dvt"))


def test_unanswered_is_what_has_neither_yes_nor_no():
    groups = screening.questions_for(KB, ["neck"])
    assert screening.unanswered(groups, {}) == ("fever", "blood-thinners", "neck-vascular-risk")
    assert screening.unanswered(groups, {"fever": False, "blood-thinners": True}) == ("neck-vascular-risk",)
    assert screening.unanswered(groups, dict.fromkeys(screening.questions_of(groups), False)) == ()


def test_all_answered_says_no_to_the_rest_and_keeps_every_yes():
    groups = screening.questions_for(KB, ["neck"])
    answers = screening.all_answered(groups, ["blood-thinners", "suspected-dvt"])
    assert answers == {
        "fever": False,
        "blood-thinners": True,
        "neck-vascular-risk": False,
        "suspected-dvt": True,  # not shown for the neck, but a yes is never dropped
    }


def test_open_questions_keep_a_plan_from_being_accepted_and_change_nothing_else():
    today = date(2026, 12, 1)
    answered = gate.decide([], today=today)
    open_ = gate.decide([], today=today, unanswered=["fever"])
    assert answered.may_accept and not answered.screening_open
    assert not open_.may_accept and open_.screening_open and open_.unanswered == ("fever",)
    assert open_.may_print_techniques and open_.may_export_calendar and not open_.blocked
    assert open_.dates == answered.dates


def test_a_red_flag_blocks_whether_or_not_questions_are_open():
    today = date(2026, 12, 1)
    found = gate.findings_for_intake([SADDLE], recorded_on=today)
    decision = gate.decide(found, today=today, unanswered=[])
    assert decision.blocked and not decision.may_accept


@pytest.mark.django_db
def test_migration_0015_gives_the_area_questions_their_areas_and_keeps_an_admins():
    import importlib

    from django.apps import apps

    from triggerfinder.models import BodyRegion, Contraindication, KnowledgeState

    migration = importlib.import_module("triggerfinder.migrations.0015_screening_answers")
    tingling = Contraindication.objects.get(slug="tingling")
    tingling.warning_regions.clear()  # as before 0015
    thoracic = Contraindication.objects.get(slug="non-mechanical-thoracic-pain")
    thoracic.warning_regions.set([BodyRegion.objects.get(slug="upper-back")])  # an admin's choice
    before = KnowledgeState.objects.get().version
    migration.forwards(apps, None)
    assert {r.slug for r in tingling.warning_regions.all()} == {"hip-buttock", "leg", "lower-back"}
    assert {r.slug for r in thoracic.warning_regions.all()} == {"upper-back"}
    assert KnowledgeState.objects.get().version != before
