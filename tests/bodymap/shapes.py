"""Measuring shapes of the body map in the tests: boxes, overlaps, point in shape."""

from __future__ import annotations

import math

from triggerfinder.bodymap.geometry import BodyView, Ellipse, Shape

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


def in_silhouette(view: BodyView, point: tuple[float, float]) -> bool:
    return any(contains(part, point) for part in view.outline)
