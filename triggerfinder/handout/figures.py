"""The handout's drawings: the body figure of a muscle (referral zones shaded, trigger points
marked) from the body map's geometry, and the small chart of the client's pain over the sessions."""

from __future__ import annotations

import itertools
from functools import lru_cache

from reportlab.graphics.shapes import Drawing, Group, Line
from reportlab.graphics.shapes import Ellipse as EllipseShape
from reportlab.graphics.shapes import Polygon as PolygonShape
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.units import mm

from triggerfinder.bodymap.geometry import Ellipse, Shape
from triggerfinder.bodymap.marks import marks_for
from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.handout.structure import MuscleSection
from triggerfinder.handout.styles import ACCENT, BODY_FILL, BODY_LINE, DIAGRAM_WIDTH, ZONE


def _shape(
    shape: Shape, *, fill: Color | None, stroke: Color | None, width: float
) -> EllipseShape | PolygonShape:
    """A body-map shape as a reportlab shape: y grows upward in a drawing, so it is negated."""
    if isinstance(shape, Ellipse):
        return EllipseShape(
            shape.cx, -shape.cy, shape.rx, shape.ry, fillColor=fill, strokeColor=stroke, strokeWidth=width
        )
    points = [coordinate for x, y in shape.points for coordinate in (x, -y)]
    return PolygonShape(points, fillColor=fill, strokeColor=stroke, strokeWidth=width)


def body_diagram(section: MuscleSection) -> Drawing:
    """The figure from the muscle's side: referral zones shaded by weight, trigger points marked."""
    figure, height = _figure(section.slug, section.view, tuple(sorted(section.referral_weights.items())))
    # A new drawing each time: a flowable holds the canvas while it draws, so two documents built
    # at once (threads) must not share one. The figure inside is only read while drawing.
    drawing = Drawing(DIAGRAM_WIDTH, height)
    drawing.add(figure)
    return drawing


@lru_cache(maxsize=256)
def _figure(slug: str, view_name: str, weights: tuple[tuple[str, int], ...]) -> tuple[Group, float]:
    """Built once per muscle and zones (hundreds of checked shapes), then shared by every handout."""
    view = VIEWS.get(view_name, VIEWS["back"])
    referral_weights = dict(weights)
    scale = DIAGRAM_WIDTH / view.width
    figure = Group()
    for shape in view.outline:  # strokes first, fills on top: one clean silhouette
        figure.add(_shape(shape, fill=None, stroke=BODY_LINE, width=2.4))
    for shape in view.outline:
        figure.add(_shape(shape, fill=BODY_FILL, stroke=None, width=0))
    for region in view.regions:
        weight = referral_weights.get(region.region)
        if weight:
            zone = colors.Color(ZONE.red, ZONE.green, ZONE.blue, alpha=0.2 + 0.2 * weight)
            figure.add(_shape(region.shape, fill=zone, stroke=None, width=0))
    for mark in marks_for(slug):
        if mark.view == view.name:
            x, y, size = mark.x, -mark.y, 5
            figure.add(Line(x - size, y - size, x + size, y + size, strokeColor=colors.red, strokeWidth=2.2))
            figure.add(Line(x - size, y + size, x + size, y - size, strokeColor=colors.red, strokeWidth=2.2))
    figure.transform = (scale, 0, 0, scale, 0, view.height * scale)
    return figure, view.height * scale


def progress_chart(values: list[int], width: float = 90 * mm, height: float = 28 * mm) -> Drawing:
    """Pain 0–10 from the intake (first point) over the sessions, as a small line chart."""
    drawing = Drawing(width, height)
    for level in (0, 5, 10):
        y = 2 + (height - 4) * level / 10
        drawing.add(Line(0, y, width, y, strokeColor=BODY_FILL, strokeWidth=0.8))
    step = width / max(1, len(values) - 1)
    points = [(i * step, 2 + (height - 4) * value / 10) for i, value in enumerate(values)]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        drawing.add(Line(x1, y1, x2, y2, strokeColor=ACCENT, strokeWidth=1.8))
    for x, y in points:
        drawing.add(EllipseShape(x, y, 2, 2, fillColor=ACCENT, strokeColor=None))
    return drawing
