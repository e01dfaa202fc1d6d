"""How long a client's records are kept (the German law on patient records, § 630f BGB: ten years
after the treatment ends; the number of years is the setting ``TRIGGERFINDER_RETENTION_YEARS``).

The period starts at the latest of the moments that concern the record: its creation, the last
intake, the last session and its restriction ("deletion" as the law allows). The rule is here;
``services.privacy.purge`` reads the moments from the database and removes what has expired.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def retention_until(moments: Iterable[date | None], *, years: int) -> date:
    """The day the retention period ends: ``years`` after the latest of ``moments`` (None for a
    moment that did not happen). A period that starts on 29 February ends on 28 February."""
    latest = max(moment for moment in moments if moment is not None)
    try:
        return latest.replace(year=latest.year + years)
    except ValueError:  # 29 February, and the year it ends in is no leap year
        return latest.replace(year=latest.year + years, day=28)


def expired(until: date, *, today: date) -> bool:
    """The records may be purged: the last day of the period has passed."""
    return until < today
