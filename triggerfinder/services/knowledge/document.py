"""The knowledge base as one JSON document: its format, and reading one safely.

One format serves the shipped data, the admin's export and its import, so whatever an admin
exports can be imported again unchanged (a test round-trips it). ``load_document`` reads a
document within the core's bounds (``KNOWLEDGE_DOCUMENT_BYTES``, ``KNOWLEDGE_DOCUMENT_DEPTH``) and
checks its format and version; ``importing`` checks the entries.

Version 2 added what a finding changes (a contraindication's minimum delay, pressure, excluded
muscles and stretches, and whether clients read it as a warning sign, and for which regions), the
muscles' light variants and the escalation rules; later within version 2, the muscles' short
handout steps (optional on import). A version 1 document still imports: it says
nothing about those, so they keep their current values (the defaults for new entries).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db.models import Model

from triggerfinder.core import bounds
from triggerfinder.models import BodyRegion, Muscle, Stretch

FORMAT = "triggerfinder-knowledge"
VERSION = 2
READABLE_VERSIONS = (1, 2)
SHIPPED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "knowledge.json"

REGION_FIELDS = ["slug", "view", "order", "name_de", "name_en", "description_de", "description_en"]
FACTOR_FIELDS = ["slug", "order", "name_de", "name_en", "advice_de", "advice_en"]
CONTRAINDICATION_FIELDS = [
    "slug",
    "level",
    "order",
    "label_de",
    "label_en",
    "plain_de",
    "plain_en",
    "therapist_note_de",
    "therapist_note_en",
    "client_advice_de",
    "client_advice_en",
    "postpone_days",
    "pressure",
    "client_warning",
]
# The contraindication's references by slug: field -> the model they name.
CONTRAINDICATION_LINKS: dict[str, type[Model]] = {
    "excluded_muscles": Muscle,
    "excluded_stretches": Stretch,
    "warning_regions": BodyRegion,
}
ESCALATION_FIELDS = ["slug", "level", "order", "groups", "reason_de", "reason_en"]
STRETCH_FIELDS = [
    "slug",
    "name_de",
    "name_en",
    "instructions_de",
    "instructions_en",
    "hold_seconds",
    "repetitions",
    "caution_de",
    "caution_en",
]
MUSCLE_FIELDS = [
    "slug",
    "latin_name",
    "name_de",
    "name_en",
    "view",
    "trigger_points_de",
    "trigger_points_en",
    "referral_de",
    "referral_en",
    "causes_de",
    "causes_en",
    "cautions_de",
    "cautions_en",
]
SELF_TREATMENT_FIELDS = [
    "tool",
    "position_de",
    "position_en",
    "steps_de",
    "steps_en",
    "handout_steps_de",
    "handout_steps_en",
    "hold_seconds_min",
    "hold_seconds_max",
    "frequency_de",
    "frequency_en",
    "light_steps_de",
    "light_steps_en",
]
REFERRAL_FIELDS = ["weight", "note_de", "note_en"]
# What a version 1 document does not have: left as it is on import.
NEW_IN_VERSION_2 = frozenset(
    {
        "postpone_days",
        "pressure",
        "client_warning",
        *CONTRAINDICATION_LINKS,
        "light_steps_de",
        "light_steps_en",
    }
)
# Added later within version 2 (a muscle's handout steps): a document without them, of either
# version, leaves them as they are.
# Likewise a contraindication's question in plain words (issue 18).
OPTIONAL_IN_VERSION_2 = frozenset({"handout_steps_de", "handout_steps_en", "plain_de", "plain_en"})


class KnowledgeImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests more than ``limit`` lists and objects deep (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def load_document(raw: str | bytes) -> dict[str, Any]:
    if len(raw) > bounds.KNOWLEDGE_DOCUMENT_BYTES:
        raise KnowledgeImportError(
            [f"the file is larger than {bounds.KNOWLEDGE_DOCUMENT_BYTES // (1024 * 1024)} MB"]
        )
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeImportError([f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise KnowledgeImportError(
            [f"nested more than {bounds.KNOWLEDGE_DOCUMENT_DEPTH} levels deep"]
        ) from None
    if _too_deep(document, bounds.KNOWLEDGE_DOCUMENT_DEPTH):
        raise KnowledgeImportError([f"nested more than {bounds.KNOWLEDGE_DOCUMENT_DEPTH} levels deep"])
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise KnowledgeImportError([f'not a knowledge base file (expected "format": "{FORMAT}")'])
    if document.get("version") not in READABLE_VERSIONS:
        raise KnowledgeImportError([f"unsupported version {document.get('version')!r}, expected {VERSION}"])
    return document
