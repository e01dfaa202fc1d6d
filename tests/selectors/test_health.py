"""selectors.health: the database answers."""

from __future__ import annotations

import pytest

from triggerfinder.selectors.health import database_reachable


@pytest.mark.django_db
def test_the_test_database_is_reachable():
    assert database_reachable() is True
