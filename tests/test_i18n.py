"""German first, English second: the switch works and both catalogues are complete."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_there_are_german_and_english_catalogues_for_app_and_project():
    found = {(path.parts[-5], path.parts[-3]) for path in CATALOGUES}
    assert found == {("triggerfinder", "de"), ("triggerfinder", "en"), ("clinic", "de"), ("clinic", "en")}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:-2]))
def test_catalogue_is_complete_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    assert len(catalogue) > 5
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(po_path.with_suffix(".mo")))}
    stale = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural and compiled.get(entry.msgid) != entry.msgstr
    ]
    assert stale == [], "run `make messages`: the .mo file is older than the .po file"


@pytest.mark.django_db
def test_login_page_is_german_by_default_and_english_under_en(client):
    german = client.get("/accounts/login/")
    english = client.get("/en/accounts/login/")
    assert german.status_code == english.status_code == 200
    assert '<html lang="de">' in german.text
    assert "Anmelden" in german.text
    assert '<html lang="en">' in english.text
    assert "Log in" in english.text and "Anmelden" not in english.text


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_the_other_language(therapist_client):
    german = therapist_client.get("/clients/")
    assert 'href="/en/clients/"' in german.text
    english = therapist_client.get("/en/clients/")
    assert 'href="/clients/"' in english.text
    assert "Klienten" in german.text and "Clients" in english.text


@pytest.mark.django_db
def test_switching_language_sets_no_cookie(client):
    response = client.get("/en/accounts/login/")
    assert "django_language" not in response.cookies


def test_urls_reverse_in_the_active_language():
    with translation.override("en"):
        assert reverse("triggerfinder:client-list") == "/en/clients/"
    with translation.override("de"):
        assert reverse("triggerfinder:client-list") == "/clients/"
