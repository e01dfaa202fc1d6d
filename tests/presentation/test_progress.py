"""presentation.progress: the progress chart's coordinates and the change in words (plain data)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from triggerfinder.core.outcomes import (
    MINIMAL,
    NO_BASELINE,
    NONE,
    RELEVANT,
    SUBSTANTIAL,
    WORSE,
    change_from_baseline,
)
from triggerfinder.presentation.progress import (
    CHART_HEIGHT,
    CHART_LEFT,
    CHART_WIDTH,
    change_text,
    progress_chart,
)


@dataclass(frozen=True)
class Session:
    pain_before: int
    pain_after: int


SESSIONS = [Session(8, 5), Session(6, 4), Session(4, 2)]


def y(value: float) -> str:
    return f"{10 + CHART_HEIGHT - CHART_HEIGHT * value / 10:.1f}"


class TestProgressChart:
    def test_no_sessions_no_chart(self):
        assert progress_chart([], baseline=8) is None

    def test_the_frame(self):
        chart = progress_chart(SESSIONS, baseline=8)
        assert chart is not None
        assert chart["width"] == CHART_WIDTH and chart["height"] == CHART_HEIGHT + 30
        assert chart["left"] == CHART_LEFT and chart["right"] == CHART_WIDTH - 10
        assert [value for _y, _label_y, value in chart["grid"]] == [0, 2, 4, 6, 8, 10]
        assert chart["grid"][0][0] == y(0) and chart["grid"][-1][0] == y(10)

    def test_the_line_is_the_pain_before_each_session(self):
        chart = progress_chart(SESSIONS, baseline=8)
        assert chart is not None
        assert len(chart["dots"]) == len(SESSIONS)
        assert chart["progress"] == " ".join(f"{x},{y_}" for x, y_ in chart["dots"])
        assert [y_ for _x, y_ in chart["dots"]] == [y(s.pain_before) for s in SESSIONS]
        xs = [float(x) for x, _y in chart["dots"]]
        assert xs == sorted(xs) and xs[0] >= CHART_LEFT

    def test_each_session_s_effect_is_a_stroke_from_before_to_after(self):
        chart = progress_chart(SESSIONS, baseline=8)
        assert chart is not None
        assert [(y1, y2) for _x, y1, y2 in chart["effects"]] == [
            (y(s.pain_before), y(s.pain_after)) for s in SESSIONS
        ]
        assert [x for x, _y1, _y2 in chart["effects"]] == [x for x, _y in chart["dots"]]

    def test_the_baseline_line_only_with_a_baseline(self):
        chart = progress_chart(SESSIONS, baseline=8)
        assert chart is not None and chart["baseline_y"] == y(8)
        without = progress_chart(SESSIONS, baseline=None)
        assert without is not None and without["baseline_y"] is None

    def test_numbers_have_a_decimal_point_in_every_language(self):
        with translation.override("de"):
            chart = progress_chart(SESSIONS, baseline=7)
        assert chart is not None
        assert "," not in chart["baseline_y"] and all("," not in x + y_ for x, y_ in chart["dots"])


class TestChangeText:
    @pytest.mark.parametrize(
        ("baseline", "current", "category"),
        [(8, 4, SUBSTANTIAL), (10, 7, RELEVANT), (10, 8, MINIMAL), (8, 7, NONE), (4, 6, WORSE)],
    )
    def test_points_and_percent_and_category(self, baseline, current, category):
        change = change_from_baseline(baseline, current)
        assert change.category == category
        with translation.override("en"):
            text = change_text(change)
        assert f"{current - baseline:+d}" in text
        assert f"{round((current - baseline) * 100 / baseline):+d} %" in text

    def test_every_category_reads_differently(self):
        changes = [change_from_baseline(b, c) for b, c in [(8, 4), (10, 7), (10, 8), (8, 7), (4, 6), (0, 0)]]
        assert {c.category for c in changes} == {SUBSTANTIAL, RELEVANT, MINIMAL, NONE, WORSE, NO_BASELINE}
        with translation.override("en"):
            labels = {change_text(c).rpartition(": ")[2] for c in changes}
        assert len(labels) == len(changes)

    def test_without_pain_at_the_intake_there_is_no_percentage(self):
        with translation.override("en"):
            assert "%" not in change_text(change_from_baseline(0, 0))
            assert "%" not in change_text(change_from_baseline(0, 3))
