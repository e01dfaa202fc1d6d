"""The self-care handout's layout (compact, two to four pages): the practice, the notices at the
top, the progress, each muscle with its figure, technique and stretch, the dates, the after-care
and the warning signs."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from triggerfinder.handout.figures import body_diagram, progress_chart
from triggerfinder.handout.flowables import bullets, columns, p
from triggerfinder.handout.structure import Handout, MuscleSection
from triggerfinder.handout.styles import BODY_LINE, DIAGRAM_WIDTH, WARN_BG, WARN_LINE, styles


def muscle_block(section: MuscleSection, handout: Handout) -> Table:
    """One muscle: its figure beside its name, why, technique (or why none) and stretch."""
    text: list[Flowable] = [p(section.name, "h3"), p(section.latin_name, "latin")]
    if section.reason:
        text.append(p(section.reason))
    if section.technique:
        text += [Spacer(1, 3), p(section.technique_title, "h3"), bullets(section.technique)]
    if section.omitted:
        text += [Spacer(1, 3), p(section.omitted, "notice")]
    if section.stretch:
        stretch = section.stretch
        text += [
            Spacer(1, 3),
            p(f"{handout.labels['stretch']}: {stretch.name}", "h3"),
            p(stretch.instructions),
            p(stretch.dose, "small"),
        ]
        if stretch.caution:
            text.append(p(stretch.caution, "small"))
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


def notice_box(notices: list[str]) -> Table:
    """The decision's notices in a box at the top."""
    box = Table([[[p(notice, "notice") for notice in notices]]], colWidths=["100%"])
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


def handout_story(handout: Handout) -> list[Flowable]:
    """The self-care handout as flowables, in reading order."""
    story: list[Flowable] = []
    practice = handout.practice
    header = [p(practice.name, "h3")]
    if practice.address:
        header.append(p(practice.address, "small"))
    if practice.phone:
        header.append(p(practice.phone, "small"))
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
        p(handout.title, "title"),
        p(f"{handout.labels['for']} {handout.client_name} · {handout.date_text}", "h3"),
        Spacer(1, 4),
        p(handout.intro),
        Spacer(1, 6),
    ]
    if handout.notices:
        story += [notice_box(handout.notices), Spacer(1, 6)]
    if handout.progress:
        story += [
            p(handout.labels["progress"], "h2"),
            progress_chart(handout.progress_values),
            p(handout.progress),
        ]
    if handout.general_rules:
        story += [bullets(handout.general_rules)]
    story.append(p(handout.labels["muscles"], "h2"))
    story.append(p(handout.labels["diagram"], "small"))
    story += [muscle_block(section, handout) for section in handout.muscles]
    if handout.more_muscles:
        story += [Spacer(1, 3), p(handout.more_muscles)]
    if handout.factor_advice:
        story.append(p(handout.labels["factors"], "h2"))
        story.append(bullets([f"{name}: {advice}" for name, advice in handout.factor_advice]))
    if handout.cycle_dates:
        story += [p(handout.labels["dates"], "h2"), bullets(handout.cycle_dates)]
    if handout.maintenance_dates:
        story += [p(handout.labels["maintenance"], "h3"), p(" · ".join(handout.maintenance_dates))]
    story += [p(handout.labels["aftercare"], "h2"), bullets(handout.aftercare)]
    warnings: list[Flowable] = []
    if handout.emergency_signs:
        warnings += [
            p(handout.labels["emergency"], "h2"),
            columns(handout.emergency_signs, styles()["notice"], 7),
        ]
    if handout.warning_signs:
        warnings += [
            p(handout.labels["warnings"], "h2"),
            columns(handout.warning_signs, styles()["body"], 7),
        ]
    if warnings:
        story.append(KeepTogether(warnings))
    story += [Spacer(1, 8), p(handout.disclaimer, "small")]
    return story
