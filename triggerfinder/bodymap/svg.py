"""The body map's shapes in SVG syntax (the web draws the figure as inline SVG)."""

from __future__ import annotations

from triggerfinder.bodymap.geometry import Polygon


def polygon_svg_points(polygon: Polygon) -> str:
    """The points of ``polygon`` in SVG ``points`` syntax: ``"x1,y1 x2,y2 ..."``, rounded to 1 decimal."""
    return " ".join(f"{_format(x)},{_format(y)}" for x, y in polygon.points)


def _format(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    return "0.0" if text == "-0.0" else text
