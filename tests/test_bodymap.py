"""Geometry checks for the body map (pure Python: no database, no Django)."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest

from triggerfinder.bodymap import (
    BACK,
    CENTER_X,
    FRONT,
    TRIGGER_POINT_MARKS,
    VIEWS,
    BodyView,
    Ellipse,
    Polygon,
    RegionShape,
    Shape,
    TriggerPointMark,
    marks_for,
    polygon_svg_points,
    region_slugs,
    shapes_for,
    view_for_marks,
)

BACK_SLUGS = {
    "head",
    "neck",
    "shoulders",
    "upper-back",
    "lower-back",
    "hip-buttock",
    "leg-posterior-thigh",
    "leg-lateral-thigh",
    "leg-knee",
    "leg-calf-heel",
}
FRONT_SLUGS = {
    "head",
    "neck",
    "shoulders",
    "hip-buttock",
    "leg-anterior-thigh-groin",
    "leg-lateral-thigh",
    "leg-knee",
}
ALL_SLUGS = BACK_SLUGS | FRONT_SLUGS
PAIRED = {
    "shoulders",
    "hip-buttock",
    "leg-posterior-thigh",
    "leg-anterior-thigh-groin",
    "leg-lateral-thigh",
    "leg-knee",
    "leg-calf-heel",
}
MIN_SIZE = 14.0

Box = tuple[float, float, float, float]


def bbox(shape: Shape) -> Box:
    if isinstance(shape, Ellipse):
        return (shape.cx - shape.rx, shape.cy - shape.ry, shape.cx + shape.rx, shape.cy + shape.ry)
    xs = [x for x, _ in shape.points]
    ys = [y for _, y in shape.points]
    return (min(xs), min(ys), max(xs), max(ys))


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Box, b: Box) -> float:
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def contains(shape: Shape, point: tuple[float, float]) -> bool:
    x, y = point
    if isinstance(shape, Ellipse):
        return ((x - shape.cx) / shape.rx) ** 2 + ((y - shape.cy) / shape.ry) ** 2 <= 1.0
    inside = False
    points = shape.points
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def boundary(shape: Shape) -> list[tuple[float, float]]:
    if isinstance(shape, Ellipse):
        angles = (2 * math.pi * step / 24 for step in range(24))
        return [(shape.cx + shape.rx * math.cos(a), shape.cy + shape.ry * math.sin(a)) for a in angles]
    return list(shape.points)


def centre_x(shape: Shape) -> float:
    box = bbox(shape)
    return (box[0] + box[2]) / 2


views = pytest.mark.parametrize("view", [FRONT, BACK], ids=["front", "back"])


def test_both_views_exist_with_the_agreed_size():
    assert VIEWS == {"front": FRONT, "back": BACK}
    for name, view in VIEWS.items():
        assert view.name == name
        assert (view.width, view.height) == (200, 440)


@views
def test_outline_is_a_figure_of_several_shapes_inside_the_view(view: BodyView):
    assert len(view.outline) >= 8
    for shape in view.outline:
        assert isinstance(shape, Polygon | Ellipse)
        x0, y0, x1, y1 = bbox(shape)
        assert 0 <= x0 < x1 <= view.width
        assert 0 <= y0 < y1 <= view.height


@views
def test_every_region_shape_lies_within_the_view(view: BodyView):
    assert view.regions
    for region in view.regions:
        x0, y0, x1, y1 = bbox(region.shape)
        assert 0 <= x0 < x1 <= view.width, region.region
        assert 0 <= y0 < y1 <= view.height, region.region


@views
def test_every_region_shape_sits_inside_the_silhouette(view: BodyView):
    for region in view.regions:
        for point in boundary(region.shape):
            assert any(contains(part, point) for part in view.outline), (region.region, region.side, point)


def test_every_slug_appears_in_some_view():
    drawn = region_slugs(FRONT) | region_slugs(BACK)
    assert drawn >= ALL_SLUGS
    assert drawn <= ALL_SLUGS, f"unexpected slugs: {drawn - ALL_SLUGS}"


def test_back_view_holds_the_back_regions():
    assert {"lower-back", "upper-back", "hip-buttock", "leg-posterior-thigh"} <= region_slugs(BACK)
    assert region_slugs(BACK) == BACK_SLUGS


def test_front_view_holds_the_front_regions():
    assert "leg-anterior-thigh-groin" in region_slugs(FRONT)
    assert region_slugs(FRONT) == FRONT_SLUGS


@views
def test_sides_are_valid(view: BodyView):
    assert {region.side for region in view.regions} <= {"left", "right", "center"}


@views
def test_paired_regions_have_a_left_and_a_right_shape(view: BodyView):
    for slug in region_slugs(view):
        sides = {shape.side for shape in shapes_for(view, slug)}
        if slug in PAIRED or sides != {"center"}:
            assert {"left", "right"} <= sides, slug
            assert "center" not in sides, slug


def test_sides_follow_the_persons_point_of_view():
    # From behind, the person's left is on the viewer's left; from the front it is on the viewer's right.
    for region in BACK.regions:
        if region.side == "left":
            assert centre_x(region.shape) < BACK.width / 2, region.region
        elif region.side == "right":
            assert centre_x(region.shape) > BACK.width / 2, region.region
    for region in FRONT.regions:
        if region.side == "left":
            assert centre_x(region.shape) > FRONT.width / 2, region.region
        elif region.side == "right":
            assert centre_x(region.shape) < FRONT.width / 2, region.region


@views
def test_figure_is_symmetric(view: BodyView):
    for slug in region_slugs(view):
        shapes = shapes_for(view, slug)
        left = [bbox(s.shape) for s in shapes if s.side == "left"]
        right = [bbox(s.shape) for s in shapes if s.side == "right"]
        mirrored = [(view.width - b[2], b[1], view.width - b[0], b[3]) for b in right]
        assert len(left) == len(mirrored), slug
        for box_left, box_mirrored in zip(sorted(left), sorted(mirrored), strict=True):
            assert box_left == pytest.approx(box_mirrored, abs=0.05), slug


@views
def test_region_shapes_are_big_enough_to_tap(view: BodyView):
    for region in view.regions:
        x0, y0, x1, y1 = bbox(region.shape)
        assert x1 - x0 >= MIN_SIZE, region.region
        assert y1 - y0 >= MIN_SIZE, region.region


@views
def test_different_regions_barely_overlap(view: BodyView):
    for a, b in itertools.combinations(view.regions, 2):
        if a.region == b.region:
            continue
        box_a, box_b = bbox(a.shape), bbox(b.shape)
        smaller = min(area(box_a), area(box_b))
        assert intersection(box_a, box_b) < 0.25 * smaller, (a.region, a.side, b.region, b.side)


@views
def test_shapes_for_returns_only_that_region(view: BodyView):
    for slug in region_slugs(view):
        shapes = shapes_for(view, slug)
        assert shapes
        assert all(isinstance(s, RegionShape) and s.region == slug for s in shapes)
    assert shapes_for(view, "no-such-region") == ()


def test_polygon_svg_points_format():
    polygon = Polygon(((0, 0), (10.04, 2.26), (199.96, 439.5), (-0.01, 3)))
    assert polygon_svg_points(polygon) == "0.0,0.0 10.0,2.3 200.0,439.5 0.0,3.0"
    number = r"-?\d+(\.\d)?"
    for view in (FRONT, BACK):
        for shape in view.outline + tuple(region.shape for region in view.regions):
            if isinstance(shape, Polygon):
                text = polygon_svg_points(shape)
                assert re.fullmatch(rf"{number},{number}( {number},{number})*", text)
                assert len(text.split(" ")) == len(shape.points) >= 3


# --------------------------------------------------------------------------------------------------
# Trigger-point marks
# --------------------------------------------------------------------------------------------------

KNOWLEDGE = Path(__file__).resolve().parents[1] / "triggerfinder" / "fixtures" / "knowledge.json"
MARK_MARGIN = 2.0  # a mark must sit at least this far inside the silhouette, not on its edge


def knowledge_muscles() -> dict[str, dict]:
    data = json.loads(KNOWLEDGE.read_text(encoding="utf-8"))
    return {muscle["slug"]: muscle for muscle in data["muscles"]}


def in_silhouette(view: BodyView, point: tuple[float, float]) -> bool:
    return any(contains(part, point) for part in view.outline)


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


def test_contains_helper_on_simple_shapes():
    square = Polygon(((0, 0), (10, 0), (10, 10), (0, 10)))
    assert contains(square, (5, 5))
    assert not contains(square, (15, 5))
    oval = Ellipse(0, 0, 4, 2)
    assert contains(oval, (3.9, 0))
    assert not contains(oval, (0, 2.1))
    assert not in_silhouette(BACK, (2, 2))


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
