"""Log-in, log-out and password change, in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, make_user


@pytest.mark.django_db
class TestLogin:
    def test_right_credentials_log_in_and_redirect_home(self, client):
        make_user("lena")
        response = client.post("/accounts/login/", {"username": "lena", "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("triggerfinder:home")

    @pytest.mark.parametrize("username", ["lena", "nobody"])
    def test_wrong_credentials_get_one_message_that_leaks_nothing(self, client, username):
        make_user("lena")
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
        assert response.status_code == 200
        assert "Benutzername, Passwort oder Einmalcode ist nicht korrekt." in response.text
        assert 'value="' + username + '"' in response.text

    def test_english_message(self, client):
        response = client.post("/en/accounts/login/", {"username": "x", "password": "y"})
        assert "User name, password or one-time code is not correct." in response.text

    def test_next_parameter_is_kept_and_foreign_hosts_are_refused(self, client):
        make_user("lena")
        response = client.post(
            "/accounts/login/?next=/clients/", {"username": "lena", "password": PASSWORD, "next": "/clients/"}
        )
        assert response["Location"] == "/clients/"
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": "lena", "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert response["Location"] == reverse("triggerfinder:home")

    def test_session_id_changes_at_log_in(self, client):
        make_user("lena")
        client.get("/accounts/login/")
        session = client.session
        session["probe"] = 1
        session.save()
        before = client.cookies["sessionid"].value
        client.post("/accounts/login/", {"username": "lena", "password": PASSWORD})
        assert client.cookies["sessionid"].value != before


@pytest.mark.django_db
def test_logout_is_post_only_and_ends_the_session(client):
    user = make_user("lena")
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get(reverse("triggerfinder:home")).status_code == 302


@pytest.mark.django_db
class TestPasswordChange:
    def test_page_in_both_languages(self, client):
        client.force_login(make_user("lena"))
        assert "Passwort ändern" in client.get("/accounts/password/").text
        assert "Change password" in client.get("/en/accounts/password/").text

    def test_short_password_is_refused_with_the_rule(self, client):
        client.force_login(make_user("lena"))
        response = client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "kurz-11-abc", "new_password2": "kurz-11-abc"},
        )
        assert response.status_code == 200
        assert "mindestens 12 Zeichen" in response.text

    def test_long_passphrase_is_accepted(self, client):
        user = make_user("lena")
        client.force_login(user)
        new = "ein sehr langer Satz mit Leerzeichen und Emoji 🌿 " * 1 + "x" * 14
        response = client.post(
            "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new)
