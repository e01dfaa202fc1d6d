"""What tests write records with: screening answers for intakes (every question the regions show
answered) and the input of a recorded session."""

from __future__ import annotations

import dataclasses
import functools
import json
import uuid
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from triggerfinder.core import screening
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services.knowledge.document import SHIPPED_FILE
from triggerfinder.services.sessions import SessionInput


def answered(regions: Iterable[str], yes: Iterable[str] = ()) -> dict[str, bool]:
    """Yes for ``yes``, no for every other question shown for pain in ``regions`` (the database's
    knowledge base)."""
    return screening.all_answered(screening.questions_for(knowledge_snapshot(), list(regions)), yes)


def session_input(**changes: Any) -> SessionInput:
    """A session held now, 60 minutes, pain 6 before and 4 after, the right quadratus lumborum
    treated, the lower back at 4, empty notes and a fresh submission key; ``changes`` replace any."""
    data = SessionInput(
        held_at=timezone.now(),
        duration_minutes=60,
        pain_before=6,
        pain_after=4,
        feedback="",
        subjective="",
        objective="",
        assessment="",
        soap_plan="",
        muscles=[("quadratus-lumborum", "right", "")],
        regions={"lower-back": 4},
        submission_key=uuid.uuid4(),
    )
    return dataclasses.replace(data, **changes)


@functools.cache
def _shipped() -> tuple[list[SimpleNamespace], dict[str, str | None]]:
    document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    catalogue = [
        SimpleNamespace(
            slug=c["slug"], order=c.get("order", 0), warning_regions=frozenset(c.get("warning_regions", []))
        )
        for c in document["contraindications"]
    ]
    return catalogue, {r["slug"]: r.get("parent") for r in document["regions"]}


def shipped_answers(regions: Iterable[str], yes: Iterable[str] = ()) -> dict[str, bool]:
    """As ``answered``, from the shipped knowledge file: for test parameters built at import time,
    before any database exists (the test database holds the same knowledge)."""
    catalogue, parents = _shipped()
    areas = {parents.get(slug) or slug for slug in regions}
    order = [slug for slug, parent in parents.items() if parent is None]
    return screening.all_answered(screening.screening_questions(catalogue, areas, order), yes)
