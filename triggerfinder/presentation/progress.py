"""Progress since the intake: the chart's coordinates and the change in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.utils.translation import gettext as _

from triggerfinder.core.outcomes import (
    MINIMAL,
    NO_BASELINE,
    NONE,
    RELEVANT,
    SUBSTANTIAL,
    WORSE,
    Change,
    chart_points,
)

CHART_WIDTH, CHART_HEIGHT, CHART_LEFT = 600, 180, 30


class SessionPain(Protocol):
    """A recorded session as the chart reads it (``TreatmentSession``, or plain data)."""

    @property
    def pain_before(self) -> int: ...

    @property
    def pain_after(self) -> int: ...


def progress_chart(sessions: Sequence[SessionPain], baseline: int | None) -> dict[str, Any] | None:
    """Coordinates for the server-drawn SVG chart: the progress line is the pain at the start of
    each session (how the days since the last visit were) against the intake; each session's
    immediate effect (down to the pain right after it) is a short stroke, never part of the line."""
    if not sessions:
        return None
    width = CHART_WIDTH - CHART_LEFT - 10

    def shifted(values: list[int]) -> list[tuple[float, float]]:
        return [(x + CHART_LEFT, y + 10) for x, y in chart_points(values, width=width, height=CHART_HEIGHT)]

    before = shifted([s.pain_before for s in sessions])
    after = shifted([s.pain_after for s in sessions])

    def number(value: float) -> str:
        return f"{value:.1f}"  # SVG needs a decimal point whatever the page's language

    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT + 30,
        "progress": " ".join(f"{number(x)},{number(y)}" for x, y in before),
        "dots": [(number(x), number(y)) for x, y in before],
        "effects": [
            (number(x), number(y1), number(y2)) for (x, y1), (_x, y2) in zip(before, after, strict=True)
        ],
        "baseline_y": None if baseline is None else number(10 + CHART_HEIGHT - CHART_HEIGHT * baseline / 10),
        "grid": [
            (
                number(10 + CHART_HEIGHT - CHART_HEIGHT * v / 10),
                number(14 + CHART_HEIGHT - CHART_HEIGHT * v / 10),
                v,
            )
            for v in (0, 2, 4, 6, 8, 10)
        ],
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 10,
    }


def change_text(change: Change) -> str:
    """E.g. "-4 points (-50 %): substantial improvement (at least 50 % less)"; the categories are
    ``core.outcomes``' one definition."""
    labels = {
        # xgettext:no-python-format
        SUBSTANTIAL: _("substantial improvement (at least 50 % less)"),
        # xgettext:no-python-format
        RELEVANT: _("clinically relevant improvement (at least 30 % less)"),
        # xgettext:no-python-format
        MINIMAL: _("minimal improvement (at least 2 points, but under 30 % less)"),
        NONE: _("no relevant change"),
        WORSE: _("worse than at intake"),
        NO_BASELINE: _("no pain at intake"),
    }
    if change.percent is None:
        return labels[change.category]
    return _("%(points)+d points (%(percent)+d %%): %(label)s") % {
        "points": -change.points,
        "percent": round(-change.percent * 100),
        "label": labels[change.category],
    }
