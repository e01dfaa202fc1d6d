from __future__ import annotations

import json

import pytest

from triggerfinder.core.bounds import KNOWLEDGE_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES
from triggerfinder.core.bounds import KNOWLEDGE_DOCUMENT_DEPTH as MAX_DEPTH
from triggerfinder.services.knowledge.document import (
    FORMAT,
    SHIPPED_FILE,
    VERSION,
    KnowledgeImportError,
    load_document,
)


def test_the_shipped_file_loads():
    document = load_document(SHIPPED_FILE.read_bytes())
    assert document["format"] == FORMAT and document["version"] == VERSION


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"\xff\xfe",
        json.dumps([1, 2]),
        json.dumps({"format": "something-else", "version": VERSION}),
        json.dumps({"format": FORMAT, "version": 99}),
    ],
)
def test_what_is_not_a_knowledge_document_is_refused(raw):
    with pytest.raises(KnowledgeImportError) as refused:
        load_document(raw)
    assert len(refused.value.problems) == 1


def test_a_document_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(KnowledgeImportError):
        load_document(b" " * (MAX_DOCUMENT_BYTES + 1))


def test_nesting_deeper_than_the_limit_is_refused():
    def nested(depth: int) -> dict:
        document: dict = {"format": FORMAT, "version": VERSION}
        inner = document
        for _ in range(depth - 1):
            inner["x"] = {}
            inner = inner["x"]
        return document

    assert load_document(json.dumps(nested(MAX_DEPTH)))
    with pytest.raises(KnowledgeImportError):
        load_document(json.dumps(nested(MAX_DEPTH + 1)))
    with pytest.raises(KnowledgeImportError):
        load_document("[" * 100_000 + "]" * 100_000)
