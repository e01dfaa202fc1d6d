"""Writes of the client's consent to e-mail messages between visits (issue 18).

Apart from the consent to treatment (``services.clients.consent_withdraw``): a client may treat
here and still want no e-mails. The practice records the consent; the practice or the client (by
the link in every e-mail, ``by=None``) withdraws it. The client's history (simple-history) keeps
every change; the access log entry is the page's to write, which knows the request.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from triggerfinder.models import Client
from triggerfinder.services.findings import lock_client
from triggerfinder.services.guards import ensure_writable
from triggerfinder.services.messaging import outbox
from triggerfinder.types import User


@transaction.atomic
def message_consent_record(*, client: Client, by: User, now: datetime | None = None) -> Client:
    """The client agreed to e-mail messages. Recorded again after a withdrawal, it is a new
    consent and the withdrawal ends; while the consent stands, the first record stays."""
    client = lock_client(client)
    ensure_writable(client)  # a restricted record, or one without consent to treatment, takes nothing new
    if client.messages_consent_at is not None and client.messages_withdrawn_at is None:
        return client
    client.messages_consent_at = now or timezone.now()
    client.messages_consent_recorded_by = by
    client.messages_withdrawn_at = None
    client.messages_withdrawn_by = None
    client.save()
    outbox.client_may_receive(client, now=now)  # the reminders of what is booked already
    return client


@transaction.atomic
def message_consent_withdraw(*, client: Client, by: User | None, now: datetime | None = None) -> Client:
    """No more e-mail messages. ``by`` is None when the client withdrew by the link. Withdrawn once,
    the first record stays; it is recorded even without a consent before (the client said no), and
    also on a locked record: saying no is always possible."""
    client = lock_client(client)
    if client.messages_withdrawn_at is not None:
        return client
    client.messages_withdrawn_at = now or timezone.now()
    client.messages_withdrawn_by = by
    client.save()
    outbox.client_may_not_receive(client, now=now)
    return client
