"""TEMPORARY stand-in until the links branch lands (replaced by it)."""

from __future__ import annotations

from typing import Any


def appointment_link_url(appointment: Any) -> str:
    return f"/appointments/link/{appointment.pk}/"


def withdraw_link_url(client: Any) -> str:
    return f"/messages/stop/{client.pk}/"
