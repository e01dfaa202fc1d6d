"""How a handout looks: an A4 PDF drawn with reportlab's platypus.

Two layouts: the self-care handout (compact, two to four pages), and for a blocked client the
letter (``letter_story``): large type (body 12 pt, facts §5.8), the action first, always one page.

Every text goes through ``_p()``, which escapes it for reportlab's mini-markup: a name like
``Łukasz Öztürk & Söhne <GmbH>`` prints as written, and tag-like text such as ``<img src=…>`` can
never make reportlab load anything. The fonts are DejaVu Sans, shipped with the app (see
fonts/LICENSE), so every European and Cyrillic or Greek letter prints as text.
"""

from __future__ import annotations

import io
import itertools
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon
from reportlab.graphics.shapes import Ellipse as EllipseShape
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from triggerfinder.bodymap.geometry import Ellipse
from triggerfinder.bodymap.marks import marks_for
from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.handout.content import Handout, MuscleSection

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
LETTER_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58, 0.52)
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


def _p(text: str, style: str | ParagraphStyle = "body") -> Paragraph:
    """A paragraph of plain text: escaped, line breaks kept."""
    chosen = style if isinstance(style, ParagraphStyle) else styles()[style]
    return _Paragraph(escape(text).replace("\n", "<br/>"), chosen)


def _bullets(
    items: list[str], style: str | ParagraphStyle = "body", indent: float = 10, bullet_size: float = 7
) -> ListFlowable:
    chosen = style if isinstance(style, ParagraphStyle) else styles()[style]
    return ListFlowable(
        [ListItem(_p(item, chosen), leftIndent=indent) for item in items],
        bulletType="bullet",
        bulletFontName=FONT,
        bulletFontSize=bullet_size,
        leftIndent=indent,
        start="•",
    )


def _shape(shape: object, **style: object) -> object:
    if isinstance(shape, Ellipse):
        return EllipseShape(shape.cx, -shape.cy, shape.rx, shape.ry, **style)
    points = [coordinate for x, y in shape.points for coordinate in (x, -y)]
    return Polygon(points, **style)


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
        figure.add(_shape(shape, fillColor=None, strokeColor=BODY_LINE, strokeWidth=2.4))
    for shape in view.outline:
        figure.add(_shape(shape, fillColor=BODY_FILL, strokeColor=None, strokeWidth=0))
    for region in view.regions:
        weight = referral_weights.get(region.region)
        if weight:
            zone = colors.Color(ZONE.red, ZONE.green, ZONE.blue, alpha=0.2 + 0.2 * weight)
            figure.add(_shape(region.shape, fillColor=zone, strokeColor=None, strokeWidth=0))
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


def _muscle_block(section: MuscleSection, handout: Handout) -> Table:
    text = [_p(section.name, "h3"), _p(section.latin_name, "latin")]
    if section.reason:
        text.append(_p(section.reason))
    if section.technique:
        text += [Spacer(1, 3), _p(section.technique_title, "h3"), _bullets(section.technique)]
    if section.omitted:
        text += [Spacer(1, 3), _p(section.omitted, "notice")]
    if section.stretch:
        stretch = section.stretch
        text += [
            Spacer(1, 3),
            _p(f"{handout.labels['stretch']}: {stretch.name}", "h3"),
            _p(stretch.instructions),
            _p(stretch.dose, "small"),
        ]
        if stretch.caution:
            text.append(_p(stretch.caution, "small"))
    # splitInRow lets a long block continue on the next page instead of leaving a blank gap.
    table = Table([[body_diagram(section), text]], colWidths=[DIAGRAM_WIDTH + 4 * mm, None], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, BODY_LINE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return table


def _notice_box(notices: list[str]) -> Table:
    box = Table([[[_p(notice, "notice") for notice in notices]]], colWidths=["100%"])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                ("BOX", (0, 0), (-1, -1), 1.2, WARN_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _story(handout: Handout) -> list[object]:
    story: list[object] = []
    practice = handout.practice
    header = [_p(practice.name, "h3")]
    if practice.address:
        header.append(_p(practice.address, "small"))
    if practice.phone:
        header.append(_p(practice.phone, "small"))
    logo = Path(practice.logo_path) if practice.logo_path else None
    if logo and logo.is_file():
        story.append(
            Table(
                [[header, Image(str(logo), width=30 * mm, height=15 * mm, kind="proportional")]],
                colWidths=[None, 32 * mm],
            )
        )
    else:
        story += header
    story += [
        Spacer(1, 6),
        _p(handout.title, "title"),
        _p(f"{handout.labels['for']} {handout.client_name} · {handout.date_text}", "h3"),
        Spacer(1, 4),
        _p(handout.intro),
        Spacer(1, 6),
    ]
    if handout.notices:
        story += [_notice_box(handout.notices), Spacer(1, 6)]
    if handout.progress:
        story += [
            _p(handout.labels["progress"], "h2"),
            progress_chart(handout.progress_values),
            _p(handout.progress),
        ]
    if handout.general_rules:
        story += [_bullets(handout.general_rules)]
    story.append(_p(handout.labels["muscles"], "h2"))
    story.append(_p(handout.labels["diagram"], "small"))
    story += [_muscle_block(section, handout) for section in handout.muscles]
    if handout.more_muscles:
        story += [Spacer(1, 3), _p(handout.more_muscles)]
    if handout.factor_advice:
        story.append(_p(handout.labels["factors"], "h2"))
        story.append(_bullets([f"{name}: {advice}" for name, advice in handout.factor_advice]))
    if handout.cycle_dates:
        story += [_p(handout.labels["dates"], "h2"), _bullets(handout.cycle_dates)]
    if handout.maintenance_dates:
        story += [_p(handout.labels["maintenance"], "h3"), _p(" · ".join(handout.maintenance_dates))]
    story += [_p(handout.labels["aftercare"], "h2"), _bullets(handout.aftercare)]
    warnings: list[object] = []
    if handout.emergency_signs:
        warnings += [
            _p(handout.labels["emergency"], "h2"),
            _columns(handout.emergency_signs, styles()["notice"], 7),
        ]
    if handout.warning_signs:
        warnings += [
            _p(handout.labels["warnings"], "h2"),
            _columns(handout.warning_signs, styles()["body"], 7),
        ]
    if warnings:
        story.append(KeepTogether(warnings))
    story += [Spacer(1, 8), _p(handout.disclaimer, "small")]
    return story


def _columns(items: list[str], style: ParagraphStyle, bullet: float | None = None) -> object:
    """A bulleted list, in two columns from four items on (the warning signs: short lines, many)."""
    bullet = bullet or style.fontSize * 0.8
    indent = max(10, style.fontSize)
    if len(items) < 4:  # in a table all the same: a list measures itself only on a canvas
        parts, widths = [items], [LETTER_WIDTH]
    else:
        half = (len(items) + 1) // 2
        column = (LETTER_WIDTH - COLUMN_GAP) / 2
        parts, widths = [items[:half], items[half:]], [column + COLUMN_GAP, column]
    table = Table([[_bullets(part, style, indent, bullet) for part in parts]], colWidths=widths)
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


def _letter_story(handout: Handout, scale: float = 1.0) -> list[object]:
    """The letter of a blocked client: the action first, then what was found, the warning signs
    and how to reach us, in large type. Plain flowables only: it is measured before it is built
    (``letter_story``), and on one page nothing needs keeping together."""
    style = letter_styles(scale)
    practice = handout.practice
    story: list[object] = []
    logo = Path(practice.logo_path) if practice.logo_path else None
    if logo and logo.is_file():
        image = Image(str(logo), width=30 * mm, height=15 * mm, kind="proportional")
        story.append(
            Table(
                [[_p(practice.name, style["bold"]), image]],
                colWidths=[LETTER_WIDTH - 32 * mm, 32 * mm],
                style=[("LEFTPADDING", (0, 0), (0, 0), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")],
            )
        )
    else:
        story.append(_p(practice.name, style["bold"]))
    story += [
        Spacer(1, 6 * scale),
        _p(handout.title, style["title"]),
        _p(f"{handout.labels['for']} {handout.client_name} · {handout.date_text}", style["quiet"]),
        Spacer(1, 6 * scale),
    ]
    box = Table([[[_p(action, style["action"]) for action in handout.actions]]], colWidths=[LETTER_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                ("BOX", (0, 0), (-1, -1), 2, WARN_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8 * scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * scale),
            ]
        )
    )
    story.append(box)
    if handout.findings:
        story.append(_p(handout.labels["found"], style["h2"]))
        for finding in handout.findings:
            story += [_p(label, style["bold"]) for label in finding.labels]
            story += [_p(finding.advice, style["body"]), Spacer(1, 4 * scale)]
    for label, signs in (("emergency", handout.emergency_signs), ("warnings", handout.warning_signs)):
        if signs:
            story += [_p(handout.labels[label], style["h2"]), _columns(signs, style["body"])]
    if handout.contact:
        story += [
            _p(handout.labels["contact"], style["h2"]),
            _p(" · ".join(line.replace("\n", ", ") for line in handout.contact), style["body"]),
        ]
    story += [Spacer(1, 6 * scale), _p(handout.disclaimer, style["quiet"])]
    return story


def _height(story: list[object]) -> float:
    """How tall ``story`` stands in the letter's frame (heights and the spaces a frame adds)."""
    total, after = 0.0, 0.0
    for index, flowable in enumerate(story):
        total += flowable.wrap(LETTER_WIDTH, A4[1])[1]
        before = flowable.getSpaceBefore()
        total += max(before - after, 0) if index else 0
        after = flowable.getSpaceAfter()
        total += after
    return total


def letter_story(handout: Handout) -> tuple[list[object], float]:
    """The letter and its type scale: 1 (body 12 pt) whenever it fits one page, else the largest
    that does: the letter never runs onto a second page."""
    for scale in LETTER_SCALES:
        story = _letter_story(handout, scale)
        if _height(story) <= LETTER_HEIGHT:
            break
    return story, scale


def a4_pdf(
    story: list[object],
    *,
    title: str,
    language: str,
    footer_left: str,
    page_label: str,
    author: str = "",
    subject: str = "",
) -> bytes:
    """Build ``story`` into an A4 PDF with the app's margins, metadata and page footer.

    ``invariant`` keeps the bytes the same for the same content (no creation time inside).
    """
    register_fonts()
    buffer = io.BytesIO()

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(BODY_LINE)
        canvas.drawString(MARGINS["left"], 10 * mm, footer_left)
        if page_label:
            canvas.drawRightString(A4[0] - MARGINS["right"], 10 * mm, f"{page_label} {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=title,
        author=author,
        subject=subject,
        creator="triggerfinder",
        lang=language,
        invariant=True,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render_pdf(handout: Handout) -> bytes:
    """The handout, or for a blocked client the one-page letter."""
    return a4_pdf(
        letter_story(handout)[0] if handout.letter else _story(handout),
        title=f"{handout.title}: {handout.client_name}",
        author=handout.practice.name,
        subject=handout.subject,
        language=handout.language,
        footer_left=f"{handout.practice.name} · {handout.client_name}",
        page_label=handout.labels["page"],
    )
