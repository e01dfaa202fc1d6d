"""selectors.knowledge: the snapshot, kept per version; a change to the knowledge makes a new one."""

from __future__ import annotations

import pytest

from triggerfinder.models import Contraindication, EscalationRule, Muscle
from triggerfinder.selectors.knowledge import (
    bump_knowledge_version,
    contraindication_data,
    contraindication_rows,
    current_version,
    escalation_rules,
    forget_snapshot,
    knowledge_snapshot,
)

pytestmark = pytest.mark.django_db


def test_the_snapshot_is_built_once_per_version():
    first = knowledge_snapshot()
    assert knowledge_snapshot() is first
    version = current_version()
    bump_knowledge_version()
    assert current_version() != version
    assert knowledge_snapshot() is not first


def test_forgetting_builds_it_again():
    first = knowledge_snapshot()
    forget_snapshot()
    again = knowledge_snapshot()
    assert again is not first and set(again.muscles) == set(first.muscles)


def test_a_saved_change_reaches_the_next_snapshot():
    muscle = Muscle.objects.order_by("slug").first()
    assert knowledge_snapshot().muscles[muscle.slug].name.en == muscle.name_en
    muscle.name_en = "Renamed for the test"
    muscle.save()
    assert knowledge_snapshot().muscles[muscle.slug].name.en == "Renamed for the test"


def test_the_snapshot_holds_the_database_rows():
    snapshot = knowledge_snapshot()
    assert set(snapshot.muscles) == set(Muscle.objects.values_list("slug", flat=True))
    assert set(snapshot.contraindications) == set(Contraindication.objects.values_list("slug", flat=True))


def test_contraindication_rows_and_data():
    rows = list(contraindication_rows())
    assert [(c.order, c.slug) for c in rows] == sorted((c.order, c.slug) for c in rows)
    fever = next(c for c in rows if c.slug == "fever")
    data = contraindication_data(fever)
    assert (data.slug, data.level, data.postpone_days) == (fever.slug, fever.level, fever.postpone_days)
    assert data.excluded_muscles == frozenset(fever.excluded_muscles.values_list("slug", flat=True))


def test_escalation_rules_in_order():
    rules = escalation_rules()
    assert [r.slug for r in rules] == list(
        EscalationRule.objects.order_by("order", "slug").values_list("slug", flat=True)
    )
