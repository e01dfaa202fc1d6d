from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

import pytest
from django.utils import timezone

from tests.answers import answered
from triggerfinder.models import Client, Intake
from triggerfinder.services import intakes

REGIONS = {"lower-back": 6}


def intake_input(*, yes: Iterable[str] = (), regions: dict[str, int] | None = None) -> intakes.IntakeInput:
    regions = regions or REGIONS
    return intakes.IntakeInput(
        regions=regions,
        overall_pain=6,
        duration_months=12,
        factors=[],
        answers=answered(regions, yes),
        notes="",
        start=None,
        submission_key=uuid.uuid4(),
    )


@pytest.fixture
def record_intake(therapist) -> Callable[..., Intake]:
    """An intake written through ``intake_create`` (a new client unless one is given)."""

    def record(*, client: Client | None = None, yes: Iterable[str] = ()) -> Intake:
        intake, created = intakes.intake_create(
            user=therapist,
            data=intake_input(yes=yes),
            today=timezone.localdate(),
            client=client,
            client_fields=None if client else {"first_name": "Erika", "last_name": "Mustermann"},
        )
        assert created
        return intake

    return record
