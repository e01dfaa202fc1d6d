"""The body map's coordinate system, its shape types and the helpers that build shapes.

Coordinate system
    Each view is ``WIDTH`` (200) units wide and ``HEIGHT`` (440) units high. The origin is the top-left
    corner and y grows downward, exactly like an SVG ``viewBox="0 0 200 440"``. The figure stands upright,
    centred on x = 100, and is about 7.5 heads tall (crown at y = 6, soles at y = 432).

Sides
    ``RegionShape.side`` is given from the person's own point of view. In the BACK view we look at the
    person's back, so their left side is on the viewer's left (x < 100). In the FRONT view we face the
    person, so their left side is on the viewer's right (x > 100).

Why polygons and ellipses
    The same geometry is drawn in two places: as inline SVG on the web and as vector shapes in the PDF
    handout (reportlab). Both understand polygons and ellipses natively, whereas SVG path strings would
    need a parser on the PDF side. Curved outlines are therefore sampled into polygons once, when the
    modules that draw the figure (``outline``, ``regions``) are imported.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WIDTH = 200.0
HEIGHT = 440.0
CENTER_X = WIDTH / 2

Point = tuple[float, float]


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float


Shape = Polygon | Ellipse


@dataclass(frozen=True)
class RegionShape:
    region: str
    shape: Shape
    side: str  # "left" | "right" | "center", from the person's own point of view


@dataclass(frozen=True)
class BodyView:
    name: str  # "front" | "back"
    width: float
    height: float
    outline: tuple[Shape, ...]
    regions: tuple[RegionShape, ...]


# --------------------------------------------------------------------------------------------------
# Construction helpers (private)
# --------------------------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value, 2) + 0.0  # "+ 0.0" turns -0.0 into 0.0


def smooth(control: Sequence[Point], samples: int = 5) -> Polygon:
    """A closed Catmull-Rom curve through ``control``, sampled into a polygon."""
    count = len(control)
    points: list[Point] = []
    for index in range(count):
        p0 = control[(index - 1) % count]
        p1 = control[index]
        p2 = control[(index + 1) % count]
        p3 = control[(index + 2) % count]
        for step in range(samples):
            t = step / samples
            t2 = t * t
            t3 = t2 * t
            coords = []
            for axis in (0, 1):
                coords.append(
                    0.5
                    * (
                        2 * p1[axis]
                        + (p2[axis] - p0[axis]) * t
                        + (2 * p0[axis] - 5 * p1[axis] + 4 * p2[axis] - p3[axis]) * t2
                        + (3 * p1[axis] - p0[axis] - 3 * p2[axis] + p3[axis]) * t3
                    )
                )
            points.append((_round(coords[0]), _round(coords[1])))
    return Polygon(tuple(points))


def rounded_rect(x0: float, y0: float, x1: float, y1: float, radius: float, samples: int = 4) -> Polygon:
    """An axis-aligned rectangle with rounded corners, as a polygon."""
    corners = (
        (x1 - radius, y0 + radius, -90.0),
        (x1 - radius, y1 - radius, 0.0),
        (x0 + radius, y1 - radius, 90.0),
        (x0 + radius, y0 + radius, 180.0),
    )
    points: list[Point] = []
    for cx, cy, start in corners:
        for step in range(samples + 1):
            angle = math.radians(start + 90.0 * step / samples)
            points.append((_round(cx + radius * math.cos(angle)), _round(cy + radius * math.sin(angle))))
    return Polygon(tuple(points))


def mirror(shape: Shape) -> Shape:
    """The same shape reflected on the figure's vertical centre line."""
    if isinstance(shape, Ellipse):
        return Ellipse(_round(WIDTH - shape.cx), shape.cy, shape.rx, shape.ry)
    return Polygon(tuple((_round(WIDTH - x), y) for x, y in reversed(shape.points)))


def both(shape: Shape) -> tuple[Shape, Shape]:
    """A shape drawn on the viewer's left plus its mirror image on the viewer's right."""
    return shape, mirror(shape)


def paired(region: str, viewer_left: Shape, view: str) -> tuple[RegionShape, RegionShape]:
    """Left and right shapes of a paired region, given the shape on the viewer's left (x < 100)."""
    viewer_right = mirror(viewer_left)
    if view == "back":  # we see the back: the person's left is on our left
        return RegionShape(region, viewer_left, "left"), RegionShape(region, viewer_right, "right")
    return RegionShape(region, viewer_right, "left"), RegionShape(region, viewer_left, "right")


def centre(region: str, shape: Shape) -> tuple[RegionShape]:
    return (RegionShape(region, shape, "center"),)


def flatten(groups: Iterable[tuple[RegionShape, ...]]) -> tuple[RegionShape, ...]:
    return tuple(shape for group in groups for shape in group)
