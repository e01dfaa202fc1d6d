"""Messages stay on the server: a client's name never travels in a cookie (docs/security.md, A)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triggerfinder.models import Client


@pytest.mark.django_db
def test_a_message_naming_a_client_is_kept_in_the_session_not_in_a_cookie(therapist_client):
    created = therapist_client.post(
        reverse("triggerfinder:client-create"),
        {"first_name": "Erika", "last_name": "Mustermann", "preferred_language": "de"},
    )
    assert created.status_code == 302
    assert "messages" not in created.cookies
    for morsel in [*created.cookies.values(), *therapist_client.cookies.values()]:
        assert "Mustermann" not in morsel.value and morsel.key != "messages"
    page = therapist_client.get(created["Location"])
    assert "Mustermann" in page.text and "angelegt" in page.text  # the message itself still shows
    assert "messages" not in page.cookies and Client.objects.count() == 1
