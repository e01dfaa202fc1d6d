"""The slot rules' reasons (``core.availability.REASON_*``) as sentences for a page: the one place
they are translated (the booking's and the move's refusals, the slot search), and a plan's
sessions with their appointments or proposed slots."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from triggerfinder.core import availability as core
from triggerfinder.core.slots import Slot, SlotResult
from triggerfinder.models import Room
from triggerfinder.selectors.plan_slots import PlanSlots

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


def _slot_dict(slot: Slot, rooms: Mapping[str, Room]) -> dict[str, Any]:
    room = rooms.get(slot.room) if slot.room is not None else None
    return {
        "start": slot.start,
        "iso": slot.start.isoformat(),
        "room": "" if room is None else room.name,
        "outside_wishes": slot.outside_wishes,
    }


def session_slot_rows(found: PlanSlots) -> dict[int, dict[str, Any]]:
    """For the plan page, by planned session pk: ``appointment`` its active one (with its local
    start), or ``slot`` the proposed free time, or ``reasons`` (sentences, each once) why the
    search found none and ``offers`` the nearest free times."""
    rooms = found.rooms or {}
    rows: dict[int, dict[str, Any]] = {}
    for row in found.rows:
        entry: dict[str, Any] = {"appointment": row.appointment, "open": row.is_open}
        if row.appointment is not None:
            entry["start"] = timezone.localtime(row.appointment.start)
        elif row.result is not None:
            entry["slot"] = None if row.result.slot is None else _slot_dict(row.result.slot, rooms)
            if row.result.slot is None:
                entry["reasons"] = reason_texts(dict.fromkeys(row.result.reasons.values()))
                entry["offers"] = [_slot_dict(slot, rooms) for slot in row.result.offers]
        rows[row.session.pk] = entry
    return rows


def preview_slot_rows(sessions: Iterable[Any], results: Iterable[SlotResult]) -> list[dict[str, Any]]:
    """The proposal's sessions (``kind``, ``number``) with the slot found for each (``start``, a
    local time) or ``reasons`` why there is none, for the intake's preview and its API."""
    rows = []
    for session, result in zip(sessions, results, strict=True):
        row: dict[str, Any] = {"kind": session.kind, "number": session.number, "ideal": result.ideal}
        if result.slot is not None:
            row["start"] = timezone.localtime(result.slot.start)
        else:
            row["start"] = None
            row["reasons"] = reason_texts(dict.fromkeys(result.reasons.values()))
        rows.append(row)
    return rows
