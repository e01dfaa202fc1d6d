"""Geometry checks for the body map (pure Python: no database, no Django)."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from triggerfinder.core.bodymap import (
    BACK,
    FRONT,
    VIEWS,
    BodyView,
    Ellipse,
    Polygon,
    RegionShape,
    Shape,
    polygon_svg_points,
    region_slugs,
    shapes_for,
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
