"""The silhouette (bodymap.outline): shapes inside the view, mirrored on the centre line."""

from __future__ import annotations

import pytest

from tests.bodymap.shapes import bbox
from triggerfinder.bodymap.geometry import Ellipse, Polygon, mirror
from triggerfinder.bodymap.outline import FOOT_BACK, FOOT_FRONT, outline
from triggerfinder.bodymap.regions import BACK, FRONT

feet = pytest.mark.parametrize("foot", [FOOT_FRONT, FOOT_BACK], ids=["front", "back"])


@feet
def test_outline_is_a_figure_of_several_shapes_inside_the_view(foot: Polygon):
    shapes = outline(foot)
    assert len(shapes) >= 8
    for shape in shapes:
        assert isinstance(shape, Polygon | Ellipse)
        x0, y0, x1, y1 = bbox(shape)
        assert 0 <= x0 < x1 <= 200
        assert 0 <= y0 < y1 <= 440


@feet
def test_the_outline_is_symmetric(foot: Polygon):
    shapes = outline(foot)
    for shape in shapes:  # each shape's mirror image is a shape of the outline too (or itself)
        assert any(bbox(mirror(shape)) == pytest.approx(bbox(other), abs=0.05) for other in shapes), shape


def test_the_views_differ_only_in_the_feet():
    assert FRONT.outline == outline(FOOT_FRONT) and BACK.outline == outline(FOOT_BACK)
    differ = [(a, b) for a, b in zip(FRONT.outline, BACK.outline, strict=True) if a != b]
    assert {a for a, _ in differ} == {FOOT_FRONT, mirror(FOOT_FRONT)}
