"""The flowables every layout is made of: paragraphs of plain text, bulleted lists, lists in
two columns.

Every text goes through ``p()``, which escapes it for reportlab's mini-markup: a name like
``Łukasz Öztürk & Söhne <GmbH>`` prints as written, and tag-like text such as ``<img src=…>`` can
never make reportlab load anything.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Table, TableStyle

from triggerfinder.handout.styles import COLUMN_GAP, FONT, LETTER_WIDTH, styles


class _Paragraph(Paragraph):
    """A paragraph that breaks its lines once per width. Tables and lists wrap the same paragraph
    again at the same width (to measure the row, then to draw the cell), and breaking the long
    self-treatment texts into lines is what a handout spends most of its time on."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) == availWidth and hasattr(self, "blPara"):
            return self.width, self.height  # the lines of the last wrap, at this very width
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if hasattr(self, "blPara") and size[1] != 0x7FFFFFFF else None
        return size


def _style(style: str | ParagraphStyle) -> ParagraphStyle:
    return style if isinstance(style, ParagraphStyle) else styles()[style]


def p(text: str, style: str | ParagraphStyle = "body") -> Paragraph:
    """A paragraph of plain text: escaped, line breaks kept."""
    return _Paragraph(escape(text).replace("\n", "<br/>"), _style(style))


def bullets(
    items: list[str], style: str | ParagraphStyle = "body", indent: float = 10, bullet_size: float = 7
) -> ListFlowable:
    chosen = _style(style)
    entries: list[ListItem] = [ListItem(p(item, chosen), leftIndent=indent) for item in items]
    return ListFlowable(
        entries,  # type: ignore[arg-type]  # the stubs' ListItem is no Flowable; platypus takes it
        bulletType="bullet",
        bulletFontName=FONT,
        bulletFontSize=bullet_size,
        leftIndent=indent,
        start="•",
    )


def columns(items: list[str], style: ParagraphStyle, bullet: float | None = None) -> Table:
    """A bulleted list, in two columns from four items on (the warning signs: short lines, many)."""
    bullet = bullet or style.fontSize * 0.8
    indent = max(10, style.fontSize)
    parts: list[list[str]]
    widths: list[float | str | None]
    if len(items) < 4:  # in a table all the same: a list measures itself only on a canvas
        parts, widths = [items], [LETTER_WIDTH]
    else:
        half = (len(items) + 1) // 2
        column = (LETTER_WIDTH - COLUMN_GAP) / 2
        parts, widths = [items[:half], items[half:]], [column + COLUMN_GAP, column]
    table = Table([[bullets(part, style, indent, bullet) for part in parts]], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), COLUMN_GAP),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
