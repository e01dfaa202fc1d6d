"""The handout's fonts and paragraph styles (handout.styles)."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from triggerfinder.handout.styles import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    LETTER_BODY_PT,
    LETTER_HEIGHT,
    LETTER_WIDTH,
    letter_styles,
    register_fonts,
    styles,
)


def test_the_shipped_fonts_register_once_and_cover_every_alphabet():
    register_fonts()
    register_fonts()  # cached: a second call changes nothing
    assert {FONT, FONT_BOLD, FONT_ITALIC} <= set(pdfmetrics.getRegisteredFontNames())
    face = pdfmetrics.getFont(FONT).face
    for letter in "ŁĞßΩЖ€":
        assert ord(letter) in face.charToGlyph, letter


def test_the_handout_styles_by_key():
    sheet = styles()
    assert set(sheet) == {"body", "small", "title", "h2", "h3", "latin", "notice"}
    assert all(style.fontName in {FONT, FONT_BOLD, FONT_ITALIC} for style in sheet.values())
    assert sheet["title"].fontSize > sheet["h2"].fontSize > sheet["h3"].fontSize > sheet["body"].fontSize
    assert sheet["small"].fontSize < sheet["body"].fontSize
    assert styles() is sheet  # one sheet for every handout


def test_the_letter_is_in_large_type_and_scales_as_a_whole():
    assert LETTER_BODY_PT >= 12  # facts §5.8
    full = letter_styles()
    assert set(full) == {"body", "bold", "quiet", "title", "h2", "action"}
    assert full["body"].fontSize == LETTER_BODY_PT
    assert min(style.fontSize for style in full.values()) >= 12
    smaller = letter_styles(0.5)
    for key, style in full.items():
        assert smaller[key].fontSize == pytest.approx(style.fontSize / 2, abs=0.01), key
        assert smaller[key].leading == pytest.approx(style.leading / 2, abs=0.01), key


def test_the_frame_fits_on_a4():
    assert 0 < LETTER_WIDTH < 595 and 0 < LETTER_HEIGHT < 842
