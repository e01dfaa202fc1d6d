"""Where the regions sit and the two views (bodymap.regions)."""

from __future__ import annotations

import itertools

import pytest

from tests.bodymap.shapes import area, bbox, boundary, centre_x, contains, intersection
from triggerfinder.bodymap.geometry import BodyView, Ellipse, Polygon, RegionShape
from triggerfinder.bodymap.regions import BACK, FRONT, VIEWS, region_slugs, shapes_for

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
