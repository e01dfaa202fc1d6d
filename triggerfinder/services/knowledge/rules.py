"""The safety floors beyond the screening: kept in the database, never deleted, checked.

The floors are ``core.screening.SAFETY_FLOORS``: the screening never counts a safety-critical
finding below its floor, whatever the database says. Around that:

- Lowering a level is refused by ``Contraindication.clean``, and so by the admin's change form,
  its revert from history and the import (each runs the model's validation).
- Deleting a floored entry is refused on every path (the admin, a queryset, an instance) by the
  ``pre_delete`` guard here; the admin does not offer it in the first place.
- ``manage.py check`` reports a floored entry the database holds below its floor (changed behind
  the app's back, e.g. by SQL) or one missing from a loaded knowledge base (``triggerfinder.E009``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete

from triggerfinder.core import screening
from triggerfinder.models import Contraindication


class FlooredDeletionError(ProtectedError):
    """A safety-critical contraindication cannot be deleted."""

    def __init__(self, contraindication: Contraindication) -> None:
        super().__init__(
            f"{contraindication.slug!r} is safety-critical (at least {contraindication.floor!r}) "
            "and cannot be deleted",
            {contraindication},
        )


def refuse_floored_deletion(sender: type, instance: Contraindication, **kwargs: Any) -> None:
    """Raised inside the deletion's transaction: nothing of it is kept."""
    if instance.floor is not None:
        raise FlooredDeletionError(instance)


LOWERED_HINT = (
    "Raise its level again in the admin, or run `manage.py load_knowledge --reset --skip-checks` "
    "(this also overwrites every other admin edit with the shipped values). The screening counts it "
    "at its floor meanwhile."
)
MISSING_HINT = (
    "Run `manage.py load_knowledge --skip-checks`: it adds what is missing and keeps every other "
    "entry as it is."
)


def floor_problems() -> list[tuple[str, str]]:
    """What is wrong with the floored contraindications in the database: (problem, hint) pairs."""
    levels = dict(
        Contraindication.objects.filter(slug__in=screening.SAFETY_FLOORS).values_list("slug", "level")
    )
    problems = [
        (
            f"Contraindication {slug!r} has level {level!r}, below its safety floor "
            f"{screening.floor_level(slug)!r}.",
            LOWERED_HINT,
        )
        for slug, level in sorted(levels.items())
        if level not in screening.LEVELS or screening.below_floor(slug, level)
    ]
    missing = sorted(set(screening.SAFETY_FLOORS) - set(levels))
    if missing and Contraindication.objects.exists():  # an empty knowledge base is not loaded yet
        problems.append(
            (f"Safety-critical contraindications are missing: {', '.join(missing)}.", MISSING_HINT)
        )
    return problems


def connect_signals() -> None:
    pre_delete.connect(refuse_floored_deletion, sender=Contraindication, dispatch_uid="tf-floored-deletion")
