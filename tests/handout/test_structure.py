"""The handout's plain data (handout.structure)."""

from __future__ import annotations

import dataclasses

import pytest

from triggerfinder.handout.structure import Handout, Practice


def test_a_handout_starts_empty_and_is_frozen():
    handout = Handout(
        language="en",
        title="t",
        subject="s",
        practice=Practice(name="Praxis"),
        client_name="c",
        date_text="d",
        intro="i",
    )
    assert not handout.letter and handout.labels == {} and handout.muscles == []
    assert handout.practice == Practice("Praxis", "", "", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        handout.letter = True  # type: ignore[misc]
