from __future__ import annotations

import pytest
from django.db import transaction

from triggerfinder.core import screening
from triggerfinder.models import Contraindication
from triggerfinder.services.knowledge.rules import FlooredDeletionError, floor_problems


@pytest.mark.django_db
class TestFloors:
    def test_the_shipped_knowledge_has_no_floor_problem(self):
        assert floor_problems() == []

    def test_a_level_lowered_behind_the_apps_back_is_reported(self):
        slug = sorted(screening.SAFETY_FLOORS)[0]
        Contraindication.objects.filter(slug=slug).update(level=screening.CAUTION)
        problems = floor_problems()
        assert len(problems) == 1 and slug in problems[0][0]

    def test_a_missing_floored_entry_is_reported(self):
        slug = sorted(screening.SAFETY_FLOORS)[0]
        Contraindication.objects.filter(slug=slug).update(slug="renamed")
        assert any(slug in problem for problem, _hint in floor_problems())

    def test_a_floored_entry_is_never_deleted(self):
        slug = sorted(screening.SAFETY_FLOORS)[0]
        with pytest.raises(FlooredDeletionError), transaction.atomic():
            Contraindication.objects.get(slug=slug).delete()
        with pytest.raises(FlooredDeletionError), transaction.atomic():
            Contraindication.objects.filter(slug=slug).delete()
        assert Contraindication.objects.filter(slug=slug).exists()
