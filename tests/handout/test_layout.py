"""The self-care handout's layout (handout.layout), with hand-made knowledge."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Table

from tests.handout.handmade import content, decide, finding
from triggerfinder.handout.layout import handout_story, muscle_block, notice_box


def texts(story: list) -> list[str]:
    return [flowable.getPlainText() for flowable in story if hasattr(flowable, "getPlainText")]


def test_the_story_in_reading_order():
    handout = content(decide())
    story = handout_story(handout)
    lines = texts(story)
    order = [handout.practice.name, handout.title, handout.labels["muscles"], handout.labels["aftercare"]]
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)
    blocks = [flowable for flowable in story if isinstance(flowable, Table)]
    assert len(blocks) >= len(handout.muscles)
    assert isinstance(story[-3], KeepTogether)  # the warning signs are not split from their heading
    assert lines[-1] == handout.disclaimer


def tables_before_the_muscles(handout) -> list[Table]:
    found = []
    for flowable in handout_story(handout):
        if texts([flowable]) == [handout.labels["muscles"]]:
            return found
        if isinstance(flowable, Table):
            found.append(flowable)
    raise AssertionError("no muscles heading")


def test_notices_in_a_box_at_the_top_only_when_there_are_some():
    assert tables_before_the_muscles(content(decide())) == []
    handout = content(decide(finding("blood-thinners")))
    (box,) = tables_before_the_muscles(handout)
    (cell,) = box._cellvalues[0]
    assert [paragraph.getPlainText() for paragraph in cell] == handout.notices
    assert notice_box(handout.notices)._cellvalues[0][0][0].getPlainText() == handout.notices[0]


def test_a_muscle_block_has_its_figure_and_its_texts():
    handout = content(decide())
    section = handout.muscles[0]
    ((figure, text),) = muscle_block(section, handout)._cellvalues
    assert figure.width > 0
    plain = [flowable.getPlainText() for flowable in text if hasattr(flowable, "getPlainText")]
    assert plain[:2] == [section.name, section.latin_name]
    assert f"{handout.labels['stretch']}: {section.stretch.name}" in plain
