"""The handout's drawings (handout.figures): the body figure and the pain chart."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Ellipse, Line, Polygon

from triggerfinder.bodymap.marks import marks_for
from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.handout.figures import body_diagram, progress_chart
from triggerfinder.handout.structure import MuscleSection
from triggerfinder.handout.styles import DIAGRAM_WIDTH


def section(slug: str, view: str, weights: dict[str, int]) -> MuscleSection:
    return MuscleSection(
        slug=slug,
        name=slug,
        latin_name="",
        view=view,
        referral_weights=weights,
        reason="",
        technique_kind="full",
        technique_title="",
        technique=[],
        stretch=None,
        omitted="",
    )


def shapes(drawing: Drawing) -> list[object]:
    (figure,) = drawing.contents
    return list(figure.contents)


def test_the_figure_draws_outline_zones_and_marks_of_the_muscles_view():
    view = VIEWS["back"]
    weights = {"lower-back": 3, "hip-buttock": 1}
    drawing = body_diagram(section("quadratus-lumborum", "back", weights))
    assert isinstance(drawing, Drawing) and drawing.width == DIAGRAM_WIDTH
    assert drawing.height == view.height * DIAGRAM_WIDTH / view.width
    drawn = shapes(drawing)
    zones = sum(1 for region in view.regions if region.region in weights)
    marks = [m for m in marks_for("quadratus-lumborum") if m.view == "back"]
    assert len(drawn) == 2 * len(view.outline) + zones + 2 * len(marks)  # a cross is two lines
    assert all(isinstance(shape, Polygon | Ellipse) for shape in drawn[: 2 * len(view.outline) + zones])
    assert all(isinstance(shape, Line) for shape in drawn[2 * len(view.outline) + zones :])


def test_an_unknown_view_falls_back_to_the_back_and_a_new_drawing_each_time():
    first = body_diagram(section("nope", "sideways", {}))
    second = body_diagram(section("nope", "sideways", {}))
    assert first is not second and len(shapes(first)) == 2 * len(VIEWS["back"].outline)


def test_the_pain_chart_has_a_point_per_value_joined_by_lines():
    chart = progress_chart([8, 6, 5, 3])
    points = [shape for shape in chart.contents if isinstance(shape, Ellipse)]
    lines = [shape for shape in chart.contents if isinstance(shape, Line)]
    assert len(points) == 4
    assert len(lines) == 3 + 3  # three grid lines (0, 5, 10), three segments
    heights = [point.cy for point in points]
    assert heights == sorted(heights, reverse=True)  # less pain, lower point
