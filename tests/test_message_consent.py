"""The consent to e-mail messages on the client's page (issue 18): what it says, recording and
withdrawing it, who may, and the access log; through the Django test client."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_client, make_user
from triggerfinder.models import AccessLogEntry, Client
from triggerfinder.services import clients
from triggerfinder.services.consent import message_consent_record, message_consent_withdraw


@pytest.fixture(autouse=True)
def in_english():
    """The pages in English (their paths under /en/), so that the msgids can be asserted."""
    with translation.override("en"):
        yield


def detail(http_client, client) -> str:
    return http_client.get(reverse("triggerfinder:client-detail", args=[client.pk])).text


def record_url(client) -> str:
    return reverse("triggerfinder:messages-consent-record", args=[client.pk])


def withdraw_url(client) -> str:
    return reverse("triggerfinder:messages-consent-withdraw", args=[client.pk])


@pytest.fixture
def erika(therapist):
    return make_client(therapist, email="erika@example.org")


@pytest.mark.django_db
class TestClientPage:
    def test_not_agreed_offers_to_record(self, therapist_client, erika):
        page = detail(therapist_client, erika)
        assert "E-mail messages" in page and "not agreed" in page
        assert f'action="{record_url(erika)}"' in page and withdraw_url(erika) not in page

    def test_record_then_it_says_agreed_by_whom(self, therapist_client, therapist, erika):
        response = therapist_client.post(record_url(erika), follow=True)
        assert response.redirect_chain[-1][0] == erika.get_absolute_url()
        fresh = Client.objects.get(pk=erika.pk)
        assert fresh.messages_consent_recorded_by == therapist and fresh.may_receive_messages
        assert AccessLogEntry.objects.filter(client=erika, action="messages-consent").count() == 1
        page = detail(therapist_client, erika)
        assert "agreed on" in page and "(recorded by Lena Hartmann)" in page
        assert f'href="{withdraw_url(erika)}"' in page and record_url(erika) not in page
        therapist_client.post(record_url(erika))  # twice: nothing changes
        assert Client.objects.get(pk=erika.pk).version == fresh.version

    def test_withdrawal_asks_first_then_records(self, therapist_client, therapist, erika):
        message_consent_record(client=erika, by=therapist)
        confirm = therapist_client.get(withdraw_url(erika))
        assert confirm.status_code == 200
        assert "no e-mail messages between visits" in confirm.text and "Record the withdrawal" in confirm.text
        assert Client.objects.get(pk=erika.pk).messages_withdrawn_at is None  # asking changes nothing
        therapist_client.post(withdraw_url(erika))
        fresh = Client.objects.get(pk=erika.pk)
        assert fresh.messages_withdrawn_by == therapist and not fresh.may_receive_messages
        assert AccessLogEntry.objects.filter(client=erika, action="messages-withdrawn").count() == 1
        page = detail(therapist_client, erika)
        assert "withdrawn on" in page and "(recorded by Lena Hartmann)" in page
        assert f'action="{record_url(erika)}"' in page  # agreeing again is possible

    def test_withdrawn_by_the_link_says_so(self, therapist_client, therapist, erika):
        message_consent_withdraw(client=message_consent_record(client=erika, by=therapist), by=None)
        assert "(by the client, with the link in an e-mail)" in detail(therapist_client, erika)

    def test_without_an_address_it_says_none_can_be_sent(self, therapist_client, therapist):
        nobody = message_consent_record(client=make_client(therapist), by=therapist)
        assert "No e-mail address: no messages can be sent." in detail(therapist_client, nobody)

    def test_a_locked_record_offers_no_consent(self, therapist_client, therapist, erika):
        locked = clients.consent_withdraw(client=erika, user=therapist)
        assert record_url(erika) not in detail(therapist_client, locked)
        response = therapist_client.post(record_url(erika), follow=True)
        assert response.redirect_chain[-1][0] == erika.get_absolute_url()
        assert Client.objects.get(pk=erika.pk).messages_consent_at is None

    def test_names_are_escaped(self, therapist_client, erika):
        recorder = make_user("x", first_name="<b>Bold</b>", last_name="")
        message_consent_record(client=erika, by=recorder)
        page = detail(therapist_client, erika)
        assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page


@pytest.mark.django_db
class TestWhoMay:
    def test_only_who_may_change_the_client(self, client, therapist, erika):
        viewer = make_user("vera")
        viewer.user_permissions.add(Permission.objects.get(codename="view_client"))
        client.force_login(viewer)
        assert client.post(record_url(erika)).status_code == 403
        assert client.post(withdraw_url(erika)).status_code == 403
        assert Client.objects.get(pk=erika.pk).messages_consent_at is None

    def test_another_therapists_client_is_a_404(self, client, other_therapist, erika):
        client.force_login(other_therapist)
        assert client.post(record_url(erika)).status_code == 404
        assert client.get(withdraw_url(erika)).status_code == 404
        assert Client.objects.get(pk=erika.pk).messages_consent_at is None

    def test_without_log_in_it_asks_for_one(self, erika):
        from django.test import Client as DjangoClient

        anonymous = DjangoClient()
        assert anonymous.post(record_url(erika)).status_code == 302
        assert Client.objects.get(pk=erika.pk).messages_consent_at is None

    def test_a_get_records_nothing(self, therapist_client, erika):
        assert therapist_client.get(record_url(erika)).status_code == 405
        assert Client.objects.get(pk=erika.pk).messages_consent_at is None
