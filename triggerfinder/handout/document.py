"""An A4 PDF from flowables: the app's margins, metadata and page footer (the handouts and the
privacy export's PDF share it)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, SimpleDocTemplate

from triggerfinder.handout.styles import BODY_LINE, FONT, MARGINS, register_fonts


def a4_pdf(
    story: list[Flowable],
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

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
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
