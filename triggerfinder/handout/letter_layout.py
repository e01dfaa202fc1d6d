"""The letter's layout, for a blocked client: large type (body 12 pt, facts §5.8), the action
first, always one page (the type shrinks only when the letter would not fit one otherwise)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from triggerfinder.handout.flowables import columns, p
from triggerfinder.handout.structure import Handout
from triggerfinder.handout.styles import LETTER_HEIGHT, LETTER_WIDTH, WARN_BG, WARN_LINE, letter_styles

LETTER_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58, 0.52)


def _letter_story(handout: Handout, scale: float = 1.0) -> list[Flowable]:
    """The letter of a blocked client: the action first, then what was found, the warning signs
    and how to reach us, in large type. Plain flowables only: it is measured before it is built
    (``letter_story``), and on one page nothing needs keeping together."""
    style = letter_styles(scale)
    practice = handout.practice
    story: list[Flowable] = []
    logo = Path(practice.logo_path) if practice.logo_path else None
    if logo and logo.is_file():
        image = Image(str(logo), width=30 * mm, height=15 * mm, kind="proportional")
        story.append(
            Table(
                [[p(practice.name, style["bold"]), image]],
                colWidths=[LETTER_WIDTH - 32 * mm, 32 * mm],
                style=[("LEFTPADDING", (0, 0), (0, 0), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")],
            )
        )
    else:
        story.append(p(practice.name, style["bold"]))
    story += [
        Spacer(1, 6 * scale),
        p(handout.title, style["title"]),
        p(f"{handout.labels['for']} {handout.client_name} · {handout.date_text}", style["quiet"]),
        Spacer(1, 6 * scale),
    ]
    box = Table([[[p(action, style["action"]) for action in handout.actions]]], colWidths=[LETTER_WIDTH])
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
        story.append(p(handout.labels["found"], style["h2"]))
        for finding in handout.findings:
            story += [p(label, style["bold"]) for label in finding.labels]
            story += [p(finding.advice, style["body"]), Spacer(1, 4 * scale)]
    for label, signs in (("emergency", handout.emergency_signs), ("warnings", handout.warning_signs)):
        if signs:
            story += [p(handout.labels[label], style["h2"]), columns(signs, style["body"])]
    if handout.contact:
        story += [
            p(handout.labels["contact"], style["h2"]),
            p(" · ".join(line.replace("\n", ", ") for line in handout.contact), style["body"]),
        ]
    story += [Spacer(1, 6 * scale), p(handout.disclaimer, style["quiet"])]
    return story


def _height(story: list[Flowable]) -> float:
    """How tall ``story`` stands in the letter's frame (heights and the spaces a frame adds)."""
    total, after = 0.0, 0.0
    for index, flowable in enumerate(story):
        total += flowable.wrap(LETTER_WIDTH, A4[1])[1]
        before = flowable.getSpaceBefore()
        total += max(before - after, 0) if index else 0
        after = flowable.getSpaceAfter()
        total += after
    return total


def letter_story(handout: Handout) -> tuple[list[Flowable], float]:
    """The letter and its type scale: 1 (body 12 pt) whenever it fits one page, else the largest
    that does: the letter never runs onto a second page."""
    for scale in LETTER_SCALES:
        story = _letter_story(handout, scale)
        if _height(story) <= LETTER_HEIGHT:
            break
    return story, scale
