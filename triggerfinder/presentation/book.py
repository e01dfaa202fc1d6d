"""The appointment book's entries as rows for a page: every text, link and flag worked out once
in Python, so the day and week pages render hundreds of appointments with one loop and no
template include, URL tag or lookup chain per appointment."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext as _

from triggerfinder.models import Appointment
from triggerfinder.selectors.calendar_views import BookEntry

# An id no record has: reversed once per page and replaced, instead of a reverse() per appointment.
_MARKER = "2147483647"
STATUS_BADGE = {
    Appointment.Status.BOOKED: "text-bg-primary",
    Appointment.Status.DONE: "text-bg-success",
    Appointment.Status.NO_SHOW: "text-bg-warning",
}


def _link(name: str) -> Callable[[int], str]:
    template = reverse(name, args=[int(_MARKER)])
    return lambda pk: template.replace(_MARKER, str(pk))


@dataclass(frozen=True)
class BookRow:
    """One appointment as a page shows it; the links are empty where the action is not offered."""

    pk: str
    version: str
    start: datetime
    start_iso: str
    start_time: str
    end_iso: str
    end_time: str
    client_name: str
    client_url: str
    decision: Any
    place: str
    status: str
    status_label: str
    status_badge: str
    cancelled: bool
    therapist_id: int
    therapist_name: str
    room_name: str
    record_url: str
    handout_url: str
    move_url: str
    cancel_url: str
    status_url: str
    offer_done: bool
    offer_no_show: bool


def book_rows(entries: Sequence[BookEntry], *, back: str, compact: bool = False) -> list[BookRow]:
    """The entries as rows; ``compact`` (the week) leaves out recording, the handout and the
    status buttons, which the day page and the home page offer."""
    client_url, record, handout = (
        _link("triggerfinder:client-detail"),
        _link("triggerfinder:session-create"),
        _link("triggerfinder:client-handout"),
    )
    move, cancel, mark = (
        _link("triggerfinder:appointment-move"),
        _link("triggerfinder:appointment-cancel"),
        _link("triggerfinder:appointment-status"),
    )
    of_total = _("%(number)s of %(total)s")  # "3 of 10": the session's place in its cycle
    come_back = "?next=" + quote(back, safe="/")
    rows = []
    for entry in entries:
        appointment = entry.appointment
        status = Appointment.Status(appointment.status)
        booked = status == Appointment.Status.BOOKED
        full = not compact and status in (Appointment.Status.BOOKED, Appointment.Status.DONE)
        markable = not compact and status in Appointment.ACTIVE
        planned = appointment.planned_session_id
        therapist = appointment.therapist
        rows.append(
            BookRow(
                pk=str(appointment.pk),
                version=str(appointment.version),
                start=entry.start,
                start_iso=entry.start.isoformat(),
                start_time=f"{entry.start:%H:%M}",
                end_iso=entry.end.isoformat(),
                end_time=f"{entry.end:%H:%M}",
                client_name=appointment.client.full_name,
                client_url=client_url(appointment.client_id),
                decision=getattr(appointment.client, "decision", None),
                place=(
                    "" if entry.number is None else of_total % {"number": entry.number, "total": entry.total}
                ),
                status=status.value,
                status_label=str(status.label),
                status_badge=STATUS_BADGE.get(status, "text-bg-secondary"),
                cancelled=status not in Appointment.ACTIVE,
                therapist_id=appointment.therapist_id,
                therapist_name=therapist.get_full_name() or therapist.get_username(),
                room_name=appointment.room.name if appointment.room is not None else "",
                record_url=(
                    record(appointment.client_id) + (f"?planned={planned}" if planned else "") if full else ""
                ),
                handout_url=handout(appointment.client_id) if full else "",
                move_url=move(appointment.pk) + come_back if booked else "",
                cancel_url=cancel(appointment.pk) + come_back if booked else "",
                status_url=mark(appointment.pk) if markable else "",
                offer_done=markable and status != Appointment.Status.DONE,
                offer_no_show=markable and status != Appointment.Status.NO_SHOW,
            )
        )
    return rows
