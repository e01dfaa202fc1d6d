"""``services.consent``: the client's consent to e-mail messages, recorded, withdrawn, recorded
again; and ``Client.may_receive_messages``."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.conftest import make_client
from triggerfinder.models import Client
from triggerfinder.services import clients
from triggerfinder.services.consent import message_consent_record, message_consent_withdraw
from triggerfinder.services.guards import ClientLockedError

NOW = datetime(2027, 2, 22, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.django_db
class TestConsent:
    def test_record_withdraw_and_record_again(self, therapist, lead):
        client = make_client(therapist, email="erika@example.org")
        assert not client.may_receive_messages
        agreed = message_consent_record(client=client, by=therapist, now=NOW)
        assert (agreed.messages_consent_at, agreed.messages_consent_recorded_by) == (NOW, therapist)
        assert agreed.may_receive_messages

        later = NOW + timedelta(days=3)
        withdrawn = message_consent_withdraw(client=agreed, by=None, now=later)
        assert (withdrawn.messages_withdrawn_at, withdrawn.messages_withdrawn_by) == (later, None)
        assert withdrawn.messages_consent_at == NOW  # what the client had agreed to stays readable
        assert not withdrawn.may_receive_messages

        again = message_consent_record(client=withdrawn, by=lead, now=later + timedelta(days=1))
        assert again.messages_consent_at == later + timedelta(days=1)
        assert again.messages_consent_recorded_by == lead
        assert again.messages_withdrawn_at is None and again.messages_withdrawn_by is None
        assert again.may_receive_messages

        history = [
            (row.messages_consent_at, row.messages_withdrawn_at)
            for row in Client.history.filter(id=client.pk).order_by("history_date", "history_id")
        ]
        assert history == [
            (None, None),
            (NOW, None),
            (NOW, later),
            (later + timedelta(days=1), None),
        ]

    def test_recorded_once_the_first_record_stays(self, therapist, lead):
        client = make_client(therapist, email="erika@example.org")
        first = message_consent_record(client=client, by=therapist, now=NOW)
        again = message_consent_record(client=first, by=lead, now=NOW + timedelta(days=1))
        assert (again.messages_consent_at, again.messages_consent_recorded_by) == (NOW, therapist)
        assert again.version == first.version

    def test_withdrawing_is_idempotent(self, therapist, lead):
        client = message_consent_record(client=make_client(therapist), by=therapist, now=NOW)
        first = message_consent_withdraw(client=client, by=therapist, now=NOW + timedelta(hours=1))
        again = message_consent_withdraw(client=first, by=None, now=NOW + timedelta(hours=2))
        assert (again.messages_withdrawn_at, again.messages_withdrawn_by) == (
            NOW + timedelta(hours=1),
            therapist,
        )
        assert again.version == first.version

    def test_a_withdrawal_without_a_consent_is_still_recorded(self, therapist):
        withdrawn = message_consent_withdraw(client=make_client(therapist), by=None)
        assert withdrawn.messages_withdrawn_at is not None and not withdrawn.may_receive_messages

    def test_a_locked_record_takes_no_consent_but_a_withdrawal(self, therapist):
        client = message_consent_record(client=make_client(therapist, email="e@example.org"), by=therapist)
        locked = clients.consent_withdraw(client=client, user=therapist)
        assert not locked.may_receive_messages  # no consent to treatment: no reminders either
        assert message_consent_withdraw(client=locked, by=None).messages_withdrawn_at is not None
        with pytest.raises(ClientLockedError):
            message_consent_record(client=locked, by=therapist)
        restricted = clients.client_restrict(client=make_client(therapist), user=therapist)
        with pytest.raises(ClientLockedError):
            message_consent_record(client=restricted, by=therapist)


@pytest.mark.parametrize(
    ("agreed", "withdrawn", "email", "restricted", "treatment_withdrawn"),
    list(product([True, False], repeat=5)),
)
def test_may_receive_messages(agreed, withdrawn, email, restricted, treatment_withdrawn):
    moment = timezone.now()
    client = Client(
        first_name="Erika",
        email="erika@example.org" if email else "",
        messages_consent_at=moment if agreed else None,
        messages_withdrawn_at=moment if withdrawn else None,
        restricted_at=moment if restricted else None,
        consent_withdrawn_at=moment if treatment_withdrawn else None,
    )
    expected = agreed and not withdrawn and email and not restricted and not treatment_withdrawn
    assert client.may_receive_messages is expected
