"""The shapes in SVG syntax (bodymap.svg)."""

from __future__ import annotations

import re

from triggerfinder.bodymap.geometry import Polygon
from triggerfinder.bodymap.regions import BACK, FRONT
from triggerfinder.bodymap.svg import polygon_svg_points


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
