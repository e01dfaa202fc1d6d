"""The shape types and the helpers that build shapes (bodymap.geometry), and the tests' own
measuring helpers (tests/bodymap/shapes.py)."""

from __future__ import annotations

import pytest

from tests.bodymap.shapes import bbox, centre_x, contains
from triggerfinder.bodymap.geometry import (
    CENTER_X,
    HEIGHT,
    WIDTH,
    Ellipse,
    Polygon,
    RegionShape,
    both,
    centre,
    flatten,
    mirror,
    paired,
    rounded_rect,
    smooth,
)

SQUARE = ((40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0))


def test_the_coordinate_system():
    assert (WIDTH, HEIGHT, CENTER_X) == (200.0, 440.0, 100.0)


def test_smooth_samples_a_closed_curve_through_its_control_points():
    polygon = smooth(SQUARE, samples=4)
    assert isinstance(polygon, Polygon)
    assert len(polygon.points) == 4 * len(SQUARE)
    for control in SQUARE:  # the curve passes through every control point (t = 0)
        assert control in polygon.points
    x0, y0, x1, y1 = bbox(polygon)
    assert x0 < 40 and x1 > 60 and y0 < 40 and y1 > 60  # it bulges past the corners' square
    assert all(value == round(value, 2) for point in polygon.points for value in point)


def test_rounded_rect_keeps_within_its_box_and_rounds_the_corners():
    polygon = rounded_rect(10.0, 20.0, 50.0, 80.0, 5.0, samples=4)
    assert len(polygon.points) == 4 * 5
    assert bbox(polygon) == pytest.approx((10.0, 20.0, 50.0, 80.0))
    assert (10.0, 20.0) not in polygon.points  # no sharp corner
    assert contains(polygon, (30.0, 50.0)) and not contains(polygon, (10.5, 20.5))


def test_mirror_reflects_on_the_centre_line_and_back():
    oval = Ellipse(60.0, 100.0, 5.0, 8.0)
    assert mirror(oval) == Ellipse(140.0, 100.0, 5.0, 8.0)
    polygon = smooth(SQUARE, samples=2)
    assert centre_x(mirror(polygon)) == pytest.approx(WIDTH - centre_x(polygon))
    assert mirror(mirror(polygon)) == polygon
    assert mirror(Ellipse(100.0, 1.0, 1.0, 1.0)).cx == 0.0 + 100.0
    assert both(oval) == (oval, mirror(oval))


def test_paired_sides_are_the_persons_own():
    viewer_left = Ellipse(60.0, 100.0, 5.0, 8.0)
    left, right = paired("knee", viewer_left, "back")  # from behind: the person's left on our left
    assert (left.side, left.shape, right.side, right.shape) == (
        "left",
        viewer_left,
        "right",
        mirror(viewer_left),
    )
    left, right = paired("knee", viewer_left, "front")  # facing them: their left on our right
    assert (left.side, left.shape, right.side, right.shape) == (
        "left",
        mirror(viewer_left),
        "right",
        viewer_left,
    )


def test_centre_and_flatten():
    oval = Ellipse(100.0, 10.0, 5.0, 5.0)
    assert centre("head", oval) == (RegionShape("head", oval, "center"),)
    groups = [centre("head", oval), paired("knee", oval, "back")]
    assert flatten(groups) == (*groups[0], *groups[1])


def test_contains_helper_on_simple_shapes():
    square = Polygon(((0, 0), (10, 0), (10, 10), (0, 10)))
    assert contains(square, (5, 5))
    assert not contains(square, (15, 5))
    oval = Ellipse(0, 0, 4, 2)
    assert contains(oval, (3.9, 0))
    assert not contains(oval, (0, 2.1))
