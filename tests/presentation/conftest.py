from __future__ import annotations

import pytest

from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.selectors.knowledge import knowledge_snapshot


@pytest.fixture
def shipped(db) -> KnowledgeSnapshot:
    """The shipped knowledge base (loaded once per test session, see tests/conftest.py)."""
    return knowledge_snapshot()
