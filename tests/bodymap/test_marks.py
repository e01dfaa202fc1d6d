"""Where each muscle's trigger points are marked (bodymap.marks)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.bodymap.shapes import contains, in_silhouette
from triggerfinder.bodymap.geometry import CENTER_X
from triggerfinder.bodymap.marks import TRIGGER_POINT_MARKS, TriggerPointMark, marks_for, view_for_marks
from triggerfinder.bodymap.regions import BACK, FRONT, VIEWS, shapes_for

KNOWLEDGE = Path(__file__).resolve().parents[2] / "triggerfinder" / "fixtures" / "knowledge.json"
MARK_MARGIN = 2.0  # a mark must sit at least this far inside the silhouette, not on its edge


def knowledge_muscles() -> dict[str, dict]:
    data = json.loads(KNOWLEDGE.read_text(encoding="utf-8"))
    return {muscle["slug"]: muscle for muscle in data["muscles"]}


def all_marks() -> list[tuple[str, TriggerPointMark]]:
    return [(slug, mark) for slug, marks in TRIGGER_POINT_MARKS.items() for mark in marks]


def test_every_muscle_has_one_to_four_marks():
    muscles = knowledge_muscles()
    assert muscles
    for slug in muscles:
        assert 1 <= len(marks_for(slug)) <= 4, slug
    assert set(TRIGGER_POINT_MARKS) <= set(muscles), set(TRIGGER_POINT_MARKS) - set(muscles)


def test_marks_are_typed_and_distinct():
    for slug, marks in TRIGGER_POINT_MARKS.items():
        assert all(isinstance(mark, TriggerPointMark) for mark in marks), slug
        assert len(set(marks)) == len(marks), slug


@pytest.mark.parametrize(
    ("slug", "mark"), all_marks(), ids=[f"{slug}-{mark.x}-{mark.y}" for slug, mark in all_marks()]
)
def test_every_mark_lies_inside_the_silhouette_of_its_view(slug: str, mark: TriggerPointMark):
    assert mark.view in VIEWS, slug
    view = VIEWS[mark.view]
    assert 0 < mark.x < view.width and 0 < mark.y < view.height, slug
    assert in_silhouette(view, (mark.x, mark.y)), (slug, mark)
    for step in range(12):
        angle = 2 * math.pi * step / 12
        point = (mark.x + MARK_MARGIN * math.cos(angle), mark.y + MARK_MARGIN * math.sin(angle))
        assert in_silhouette(view, point), (slug, mark, "too close to the edge")


def test_paired_muscles_are_marked_on_one_side_only():
    for slug, marks in TRIGGER_POINT_MARKS.items():
        sides = {(mark.view, mark.x > CENTER_X) for mark in marks if abs(mark.x - CENTER_X) > 0.01}
        views_used = {mark.view for mark in marks}
        assert len(sides) <= len(views_used), slug


def test_marks_are_on_the_persons_right_side():
    # Back view: the person's right is on the viewer's right; front view: on the viewer's left.
    for slug, mark in all_marks():
        if mark.view == "back":
            assert mark.x >= CENTER_X, slug
        else:
            assert mark.x <= CENTER_X, slug


def test_marks_for_and_view_for_marks():
    assert marks_for("nope") == ()
    assert view_for_marks("nope") == "back"
    assert view_for_marks("nope", default="front") == "front"
    assert view_for_marks("tensor-fasciae-latae") == "front"
    assert view_for_marks("quadratus-lumborum") == "back"
    assert view_for_marks("quadratus-lumborum", default="front") == "back"
    assert all(mark.view == "front" for mark in marks_for("sternocleidomastoid"))


def test_marks_are_drawn_in_the_muscles_own_view():
    for slug, muscle in knowledge_muscles().items():
        assert view_for_marks(slug, default="none") == muscle["view"], slug


def test_a_few_marks_sit_in_the_expected_region():
    expectations = {
        "quadratus-lumborum": (BACK, "lower-back"),
        "gluteus-medius": (BACK, "hip-buttock"),
        "hamstrings": (BACK, "leg-posterior-thigh"),
        "gastrocnemius": (BACK, "leg-calf-heel"),
        "soleus": (BACK, "leg-calf-heel"),
        "vastus-lateralis": (FRONT, "leg-lateral-thigh"),
        "sternocleidomastoid": (FRONT, "neck"),
    }
    for slug, (view, region) in expectations.items():
        shapes = shapes_for(view, region)
        hits = [m for m in marks_for(slug) if any(contains(s.shape, (m.x, m.y)) for s in shapes)]
        assert hits, (slug, region)


def test_a_point_outside_the_figure_is_outside_its_silhouette():
    assert not in_silhouette(BACK, (2, 2))
