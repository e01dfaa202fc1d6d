"""Screening: which contraindications were found, and what they mean for the treatment.

The verdict is the most severe level present, most severe first:

- ``emergency``: stop; emergency care today.
- ``refer``: medical clarification before any trigger-point work.
- ``postpone``: temporary; treatment starts later (see ``planning.POSTPONE_DAYS``).
- ``caution``: treat, but modified (lighter pressure, avoid an area); the advice goes into the
  plan and the handout.
- ``clear``: nothing found.

``emergency`` and ``refer`` block accepting a plan until a medical clearance is recorded. A
verdict is never dropped: every contraindication found stays among its reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triggerfinder.core.knowledge import Contraindication, KnowledgeSnapshot

EMERGENCY = "emergency"
REFER = "refer"
POSTPONE = "postpone"
CAUTION = "caution"
CLEAR = "clear"

SEVERITY = (EMERGENCY, REFER, POSTPONE, CAUTION, CLEAR)
BLOCKING = frozenset({EMERGENCY, REFER})

# The red flags every client must see at a glance on the finder and the handout: nerve signs that
# need medical clarification first, and the cauda equina signs that are an emergency.
RED_FLAGS = ("numbness", "tingling", "leg-weakness", "radiating-nerve-pain")
EMERGENCY_FLAGS = ("saddle-numbness", "bladder-bowel-dysfunction")


@dataclass(frozen=True)
class Verdict:
    level: str
    reasons: tuple[Contraindication, ...]  # every contraindication found, most severe first

    @property
    def needs_clearance(self) -> bool:
        """Accepting a plan waits for a recorded medical clearance."""
        return self.level in BLOCKING

    @property
    def postpones(self) -> bool:
        return any(reason.level == POSTPONE for reason in self.reasons)

    @property
    def cautions(self) -> tuple[Contraindication, ...]:
        """Contraindications whose advice modifies the treatment, whatever the overall level."""
        return tuple(reason for reason in self.reasons if reason.level == CAUTION)

    def at_level(self, level: str) -> tuple[Contraindication, ...]:
        return tuple(reason for reason in self.reasons if reason.level == level)


def screen(snapshot: KnowledgeSnapshot, contraindications: Iterable[str]) -> Verdict:
    found = snapshot.require("contraindications", contraindications)
    reasons = sorted(
        (snapshot.contraindications[slug] for slug in found),
        key=lambda c: (SEVERITY.index(c.level), c.order, c.slug),
    )
    level = reasons[0].level if reasons else CLEAR
    return Verdict(level=level, reasons=tuple(reasons))
