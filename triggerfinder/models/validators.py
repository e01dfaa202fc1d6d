"""Validators the models build from the core's bounds (``core/bounds.py``)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator

from triggerfinder.core.bounds import Bound


def bound_validators(bound: Bound) -> list[MinValueValidator | MaxValueValidator]:
    """A field's validators for the whole numbers from ``bound.low`` to ``bound.high``."""
    return [MinValueValidator(bound.low), MaxValueValidator(bound.high)]
