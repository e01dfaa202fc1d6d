"""The flowables the layouts are made of (handout.flowables): text escaped, lists, two columns."""

from __future__ import annotations

from reportlab.platypus import ListFlowable, Paragraph, Table

from triggerfinder.handout.flowables import bullets, columns, p
from triggerfinder.handout.styles import LETTER_WIDTH, letter_styles, styles

HOSTILE = 'Öztürk & Söhne <GmbH> <img src="http://example.invalid/x.png"/>'


def test_text_is_escaped_and_keeps_its_line_breaks():
    paragraph = p(f"{HOSTILE}\nzweite Zeile")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == (
        'Öztürk &amp; Söhne &lt;GmbH&gt; &lt;img src="http://example.invalid/x.png"/&gt;<br/>zweite Zeile'
    )
    assert paragraph.getPlainText() == f"{HOSTILE}zweite Zeile"  # printed as written, not read as markup
    paragraph.wrap(400, 800)
    assert len(paragraph.blPara.lines) == 2


def test_a_style_by_key_or_as_given():
    assert p("x").style is styles()["body"]
    assert p("x", "h3").style is styles()["h3"]
    letter = letter_styles()["bold"]
    assert p("x", letter).style is letter


def test_a_paragraph_breaks_its_lines_once_per_width():
    paragraph = p("Lorem ipsum dolor sit amet " * 40)
    first = paragraph.wrap(300, 800)
    lines = paragraph.blPara
    assert paragraph.wrap(300, 800) == first and paragraph.blPara is lines  # not broken again
    narrower = paragraph.wrap(200, 800)
    assert narrower[1] > first[1] and paragraph.blPara is not lines


def test_bullets_one_item_each():
    listing = bullets(["eins", "zwei", "drei"])
    assert isinstance(listing, ListFlowable)
    assert len(listing._flowables) == 3


def test_columns_from_four_items_on():
    style = letter_styles()["body"]
    one = columns(["a", "b", "c"], style)
    two = columns(["a", "b", "c", "d", "e"], style)
    assert isinstance(one, Table) and isinstance(two, Table)
    assert len(one._cellvalues[0]) == 1 and one._colWidths == [LETTER_WIDTH]
    assert len(two._cellvalues[0]) == 2 and sum(two._colWidths) == LETTER_WIDTH
    left, right = (len(cell._flowables) for cell in two._cellvalues[0])
    assert (left, right) == (3, 2)  # the first column takes the odd one
