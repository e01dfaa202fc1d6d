"""An A4 PDF from flowables (handout.document): metadata, footer, the same bytes each time."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak

from triggerfinder.handout.document import a4_pdf
from triggerfinder.handout.flowables import p


def build(**changes: str) -> bytes:
    arguments = {
        "title": "Titel",
        "language": "de",
        "footer_left": "Praxis · Öztürk & Söhne",
        "page_label": "Seite",
        "author": "Praxis",
        "subject": "Betreff",
    } | changes
    return a4_pdf([p("eins"), PageBreak(), p("zwei")], **arguments)


def test_a4_with_metadata_and_a_footer_on_every_page():
    reader = pypdf.PdfReader(io.BytesIO(build()))
    assert len(reader.pages) == 2
    assert [float(v) for v in reader.pages[0].mediabox[2:]] == pytest.approx(list(A4), abs=0.01)
    assert (reader.metadata.title, reader.metadata.author, reader.metadata.subject) == (
        "Titel",
        "Praxis",
        "Betreff",
    )
    assert reader.metadata.creator == "triggerfinder"
    assert reader.trailer["/Root"]["/Lang"] == "de"
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Praxis · Öztürk & Söhne" in text and f"Seite {number}" in text


def test_no_page_label_no_page_number():
    reader = pypdf.PdfReader(io.BytesIO(build(page_label="")))
    assert "Seite" not in reader.pages[0].extract_text()


def test_the_same_story_gives_the_same_bytes():
    assert build() == build()
