"""The slot rules' reasons (``core.availability.REASON_*``) as sentences for a page: the one place
they are translated (the booking's and the move's refusals, the slot search)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from triggerfinder.core import availability as core

REASON_TEXTS: dict[str, Callable[[], str]] = {
    core.REASON_PAST: lambda: _("The time is in the past."),
    core.REASON_TOO_EARLY: lambda: _("The safety gate allows no appointment before this day (postponed)."),
    core.REASON_BLOCKED: lambda: _("The safety gate allows no appointment: a red flag is not cleared."),
    core.REASON_PUBLIC_HOLIDAY: lambda: _("The day is a public holiday."),
    core.REASON_CLOSED: lambda: _("The practice is closed that day."),
    core.REASON_NOT_WORKING_DAY: lambda: _("The therapist does not work that day."),
    core.REASON_OUTSIDE_HOURS: lambda: _("The time is outside the therapist's working hours."),
    core.REASON_ABSENCE: lambda: _("The therapist is absent then."),
    core.REASON_OUTSIDE_WISHES: lambda: _("No free time within the client's wishes."),
    core.REASON_FULLY_BOOKED: lambda: _("The day is fully booked."),
    core.REASON_OVERLAP: lambda: _("The therapist has another appointment then."),
    core.REASON_BUFFER: lambda: _("Too close to another appointment of the therapist (the buffer)."),
    core.REASON_NO_ROOM: lambda: _("Every room is taken then."),
    core.REASON_ROOM_TAKEN: lambda: _("The room is taken then."),
}


def reason_text(reason: str) -> str:
    """One reason key as a sentence (an unknown key as itself)."""
    text = REASON_TEXTS.get(reason)
    return text() if text is not None else reason


def reason_texts(reasons: Iterable[str]) -> list[str]:
    return [reason_text(reason) for reason in reasons]
