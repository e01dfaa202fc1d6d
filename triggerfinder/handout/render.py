"""How a handout looks: an A4 PDF drawn with reportlab's platypus.

Two layouts: the self-care handout (``layout``: compact, two to four pages), and for a blocked
client the letter (``letter_layout``: large type, the action first, always one page). Both are
made of the same flowables (``flowables``: every text escaped) in the same fonts and styles
(``styles``), with the body figure and the progress chart of ``figures``, built into a PDF by
``document``.
"""

from __future__ import annotations

from triggerfinder.handout.document import a4_pdf
from triggerfinder.handout.layout import handout_story
from triggerfinder.handout.letter_layout import letter_story
from triggerfinder.handout.structure import Handout


def render_pdf(handout: Handout) -> bytes:
    """The handout, or for a blocked client the one-page letter."""
    return a4_pdf(
        letter_story(handout)[0] if handout.letter else handout_story(handout),
        title=f"{handout.title}: {handout.client_name}",
        author=handout.practice.name,
        subject=handout.subject,
        language=handout.language,
        footer_left=f"{handout.practice.name} · {handout.client_name}",
        page_label=handout.labels["page"],
    )
