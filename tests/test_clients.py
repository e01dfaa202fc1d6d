"""Client records: list, search, detail, create, edit — each scoped to who may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_client
from triggerfinder.models import Client

HOSTILE_NAME = "Łukasz Öztürk & Söhne <GmbH>"


@pytest.mark.django_db
class TestVisibility:
    def test_therapist_sees_only_own_clients(self, therapist_client, therapist, other_therapist):
        make_client(therapist, last_name="Eigene")
        make_client(other_therapist, last_name="Fremde")
        page = therapist_client.get(reverse("triggerfinder:client-list"))
        assert "Eigene" in page.text and "Fremde" not in page.text

    def test_another_therapists_client_is_404_by_any_method(self, therapist_client, other_therapist):
        foreign = make_client(other_therapist, first_name="Nicht", last_name="Meins")
        for url in [
            reverse("triggerfinder:client-detail", args=[foreign.pk]),
            reverse("triggerfinder:client-update", args=[foreign.pk]),
        ]:
            assert therapist_client.get(url).status_code == 404
        response = therapist_client.post(
            reverse("triggerfinder:client-update", args=[foreign.pk]),
            {"first_name": "Gekapert", "last_name": "X", "preferred_language": "de"},
        )
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.first_name == "Nicht"

    def test_practice_lead_sees_every_client(self, client, lead, therapist, other_therapist):
        make_client(therapist, last_name="Eins")
        make_client(other_therapist, last_name="Zwei")
        client.force_login(lead)
        page = client.get(reverse("triggerfinder:client-list"))
        assert "Eins" in page.text and "Zwei" in page.text

    def test_user_without_a_role_gets_403(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("nobody", password="x" * 20))
        assert client.get(reverse("triggerfinder:client-list")).status_code == 403
        assert client.get(reverse("triggerfinder:home")).status_code == 200


@pytest.mark.django_db
class TestListAndSearch:
    def test_search_by_name_terms(self, therapist_client, therapist):
        make_client(therapist, first_name="Anna", last_name="Schmidt")
        make_client(therapist, first_name="Jonas", last_name="Weber")
        page = therapist_client.get(reverse("triggerfinder:client-list"), {"q": "anna schm"})
        assert "Schmidt" in page.text and "Weber" not in page.text

    def test_no_match_is_said_and_the_query_is_escaped(self, therapist_client):
        page = therapist_client.get(reverse("triggerfinder:client-list"), {"q": "<script>x</script>"})
        assert page.status_code == 200
        assert "<script>x</script>" not in page.text
        assert "&lt;script&gt;x&lt;/script&gt;" in page.text

    def test_pagination_and_absurd_page_numbers(self, therapist_client, therapist, settings):
        settings.TRIGGERFINDER_CLIENTS_PER_PAGE = 2
        for number in range(5):
            make_client(therapist, last_name=f"Name{number}")
        first = therapist_client.get(reverse("triggerfinder:client-list"))
        assert "Seite 1 von 3" in first.text
        for page in ["999", "-1", "abc", "1" * 400]:
            assert (
                therapist_client.get(reverse("triggerfinder:client-list"), {"page": page}).status_code == 200
            )

    def test_over_long_query_is_a_message_not_an_error(self, therapist_client):
        page = therapist_client.get(reverse("triggerfinder:client-list"), {"q": "x" * 5000})
        assert page.status_code == 200
        assert "höchstens 100 Zeichen" in page.text

    def test_pages_with_client_data_are_not_cached(self, therapist_client, therapist):
        client = make_client(therapist)
        for url in [reverse("triggerfinder:client-list"), client.get_absolute_url()]:
            assert "no-store" in therapist_client.get(url)["Cache-Control"]


@pytest.mark.django_db
class TestCreateAndEdit:
    def test_create_assigns_the_therapist_and_escapes_the_name(self, therapist_client, therapist):
        response = therapist_client.post(
            reverse("triggerfinder:client-create"),
            {"first_name": "Łukasz", "last_name": "Öztürk & Söhne <GmbH>", "preferred_language": "en"},
            follow=True,
        )
        client = Client.objects.get()
        assert client.therapist == therapist
        assert client.preferred_language == "en"
        assert "Öztürk &amp; Söhne &lt;GmbH&gt;" in response.text
        assert "<GmbH>" not in response.text

    def test_invalid_input_keeps_everything_typed(self, therapist_client):
        response = therapist_client.post(
            reverse("triggerfinder:client-create"),
            {
                "first_name": "Maria",
                "last_name": "",
                "email": "not-an-address",
                "phone": "0351 123",
                "preferred_language": "de",
            },
        )
        assert response.status_code == 200
        assert not Client.objects.exists()
        assert 'value="Maria"' in response.text and 'value="0351 123"' in response.text
        assert "Bitte korrigieren Sie die markierten Felder." in response.text
        assert "Dieses Feld ist zwingend erforderlich." in response.text

    def test_error_messages_follow_the_ui_language(self, therapist_client):
        response = therapist_client.post("/en/clients/new/", {"first_name": "", "preferred_language": "en"})
        assert "This field is required." in response.text

    def test_therapist_cannot_hand_a_client_to_someone_else(
        self, therapist_client, therapist, other_therapist
    ):
        therapist_client.post(
            reverse("triggerfinder:client-create"),
            {
                "first_name": "A",
                "last_name": "B",
                "preferred_language": "de",
                "therapist": other_therapist.pk,
            },
        )
        assert Client.objects.get().therapist == therapist

    def test_lead_assigns_a_therapist(self, client, lead, other_therapist):
        client.force_login(lead)
        client.post(
            reverse("triggerfinder:client-create"),
            {
                "first_name": "A",
                "last_name": "B",
                "preferred_language": "de",
                "therapist": other_therapist.pk,
            },
        )
        assert Client.objects.get().therapist == other_therapist

    def test_edit_saves_changes(self, therapist_client, therapist):
        client = make_client(therapist)
        response = therapist_client.post(
            reverse("triggerfinder:client-update", args=[client.pk]),
            {
                "first_name": "Erika",
                "last_name": "Neu",
                "preferred_language": "de",
                "date_of_birth": "1970-05-04",
                "version": client.version,
            },
        )
        assert response.status_code == 302
        client.refresh_from_db()
        assert client.last_name == "Neu" and client.date_of_birth.isoformat() == "1970-05-04"

    def test_impossible_date_is_a_message(self, therapist_client, therapist):
        client = make_client(therapist)
        response = therapist_client.post(
            reverse("triggerfinder:client-update", args=[client.pk]),
            {
                "first_name": "Erika",
                "last_name": "Neu",
                "preferred_language": "de",
                "date_of_birth": "2024-02-31",
            },
        )
        assert response.status_code == 200
        assert "gültiges Datum" in response.text

    def test_get_never_changes_data(self, therapist_client, therapist):
        client = make_client(therapist)
        therapist_client.get(reverse("triggerfinder:client-update", args=[client.pk]), {"last_name": "X"})
        client.refresh_from_db()
        assert client.last_name == "Mustermann"


@pytest.mark.django_db
def test_home_lists_recent_clients(therapist_client, therapist):
    make_client(therapist, first_name=HOSTILE_NAME)
    page = therapist_client.get(reverse("triggerfinder:home"))
    assert "Willkommen, Lena Hartmann" in page.text
    assert "Łukasz Öztürk &amp; Söhne &lt;GmbH&gt;" in page.text
