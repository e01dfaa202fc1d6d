"""Reads for the client's pages behind a signed link (issue 18): no log-in, so no user to ask
who may see what; the signed link (``security.links``) named the row, and only that row is read."""

from __future__ import annotations

from triggerfinder.models import Appointment, Client


def appointment_for_link(pk: int) -> Appointment | None:
    """The appointment with what its page shows (the therapist's name, the room), or None."""
    return (
        Appointment.objects.filter(pk=pk, client__restricted_at__isnull=True)
        .select_related("client", "therapist", "room")
        .first()
    )


def client_for_link(pk: int) -> Client | None:
    """The client whose e-mail messages the link stops, or None once the record is gone."""
    return Client.objects.filter(pk=pk).first()
