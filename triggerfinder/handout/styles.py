"""The handout's look in numbers: fonts, colours, page measures and paragraph styles.

The fonts are DejaVu Sans, shipped with the app (see fonts/LICENSE), so every European and
Cyrillic or Greek letter prints as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD, FONT_ITALIC = "TFDejaVuSans", "TFDejaVuSans-Bold", "TFDejaVuSans-Oblique"
INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#0b5cab")
WARN_BG, WARN_LINE = colors.HexColor("#fff4e5"), colors.HexColor("#d9822b")
ZONE = colors.HexColor("#e4572e")
BODY_FILL, BODY_LINE = colors.HexColor("#eef1f4"), colors.HexColor("#8a96a3")
QUIET = colors.HexColor("#52606d")
DIAGRAM_WIDTH = 34 * mm
MARGINS = {"left": 18 * mm, "right": 18 * mm, "top": 15 * mm, "bottom": 17 * mm}
FRAME_PADDING = 6  # platypus's default padding inside the page frame
LETTER_BODY_PT = 12
LETTER_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"] - 2 * FRAME_PADDING  # the frame's, both layouts
LETTER_HEIGHT = A4[1] - MARGINS["top"] - MARGINS["bottom"] - 2 * FRAME_PADDING - 4  # 4 pt to spare
COLUMN_GAP = 12


@cache
def register_fonts() -> None:
    for name, file in [
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ACCENT
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            textColor=ACCENT,
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceAfter=1),
        "latin": ParagraphStyle(
            "latin", parent=base, fontName=FONT_ITALIC, fontSize=7.5, leading=9.5, textColor=BODY_LINE
        ),
        "notice": ParagraphStyle("notice", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5),
    }


@cache
def letter_styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """Large type for the one-page letter: body text at 12 pt, as facts §5.8 ask at least;
    ``scale`` below 1 only for a letter that would not fit one page otherwise."""
    register_fonts()

    def size(points: float) -> float:
        return round(points * scale, 2)

    base = ParagraphStyle(
        "letter",
        fontName=FONT,
        fontSize=size(LETTER_BODY_PT),
        leading=size(15.5),
        textColor=INK,
        alignment=TA_LEFT,
    )
    return {
        "body": base,
        "bold": ParagraphStyle("letter-bold", parent=base, fontName=FONT_BOLD),
        "quiet": ParagraphStyle("letter-quiet", parent=base, textColor=QUIET),
        "title": ParagraphStyle(
            "letter-title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=size(20),
            leading=size(24),
            textColor=ACCENT,
        ),
        "h2": ParagraphStyle(
            "letter-h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=size(13.5),
            leading=size(16.5),
            spaceBefore=size(8),
            spaceAfter=size(3),
            textColor=ACCENT,
        ),
        "action": ParagraphStyle(
            "letter-action", parent=base, fontName=FONT_BOLD, fontSize=size(14), leading=size(18)
        ),
    }
