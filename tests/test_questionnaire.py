"""The questionnaire before the first visit (issue 18): the therapist sends a one-time link, the
client answers on a public page, the answers come back as a draft the intake confirms."""

from __future__ import annotations

import hashlib
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as DjangoClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.answers import shipped_answers
from tests.conftest import make_client
from triggerfinder.models import Intake, Questionnaire
from triggerfinder.services import questionnaires
from triggerfinder.services.questionnaires import (
    QuestionnaireExpired,
    QuestionnaireInvalid,
    QuestionnaireUsed,
    questionnaire_create,
    questionnaire_submit,
    questionnaire_url,
)

DISTINCTIVE = "Zebulon-Quaxwörth"
REGIONS = ["lower-back"]


def screening_post(regions=REGIONS, yes=()) -> dict[str, str]:
    return {
        f"answer-{slug}": "yes" if present else "no"
        for slug, present in shipped_answers(regions, yes).items()
    }


def questionnaire_post(**changes) -> dict:
    data = {
        "first_name": "Erika",
        "last_name": "Beispiel",
        "email": "erika@example.org",
        "phone": "0351 123456",
        "date_of_birth": "1980-04-01",
        "region": REGIONS,
        "intensity-lower-back": "7",
        "duration": "3-12-months",
        **screening_post(yes=("blood-thinners",)),
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def answers(**changes) -> dict:
    data = {
        "contact": {
            "first_name": "Erika",
            "last_name": "Beispiel",
            "email": "erika@example.org",
            "phone": "",
            "date_of_birth": "",
        },
        "regions": {"lower-back": 7},
        "duration": "over-a-year",
        "screening": shipped_answers(REGIONS, ("blood-thinners",)),
    }
    data.update(changes)
    return data


@pytest.fixture
def new_client(therapist):
    return make_client(therapist, first_name=DISTINCTIVE, last_name="Ypsilanti", email="old@example.org")


@pytest.fixture
def sent(new_client, therapist):
    return questionnaire_create(client=new_client, by=therapist)


@pytest.fixture
def public():
    return DjangoClient()


@pytest.mark.django_db
class TestService:
    def test_token_is_returned_once_and_only_its_hash_is_stored(self, sent):
        questionnaire, token = sent
        assert len(token) >= 43
        assert questionnaire.token_hash == hashlib.sha256(token.encode()).hexdigest()
        stored = Questionnaire.objects.filter(pk=questionnaire.pk).values().get()
        assert token not in str(stored)
        assert questionnaire_url(token) == f"/questionnaire/{token}/"
        assert questionnaire_url(token, "en") == f"/en/questionnaire/{token}/"

    @override_settings(TRIGGERFINDER_QUESTIONNAIRE_DAYS=3)
    def test_expires_after_the_setting(self, new_client, therapist):
        now = timezone.now()
        questionnaire, token = questionnaire_create(client=new_client, by=therapist, now=now)
        assert questionnaire.expires_at == now + timedelta(days=3)
        with pytest.raises(QuestionnaireExpired):
            questionnaire_submit(token=token, answers=answers(), now=now + timedelta(days=3, seconds=1))
        questionnaire.refresh_from_db()
        assert questionnaire.submitted_at is None and questionnaire.answers == {}

    def test_default_is_fourteen_days(self, sent):
        questionnaire, _ = sent
        assert questionnaire.expires_at - questionnaire.created_at == timedelta(days=14)

    def test_works_once(self, sent):
        questionnaire, token = sent
        questionnaire_submit(token=token, answers=answers())
        with pytest.raises(QuestionnaireUsed):
            questionnaire_submit(token=token, answers=answers(duration="under-6-weeks"))
        questionnaire.refresh_from_db()
        assert questionnaire.answers["duration"] == "over-a-year"

    def test_forged_token(self, sent):
        with pytest.raises(QuestionnaireInvalid):
            questionnaire_submit(token="x" * 43, answers=answers())

    def test_a_new_one_voids_the_older_unanswered_one(self, new_client, therapist):
        first, first_token = questionnaire_create(client=new_client, by=therapist)
        answered, answered_token = questionnaire_create(client=new_client, by=therapist)
        questionnaire_submit(token=answered_token, answers=answers())
        _, latest_token = questionnaire_create(client=new_client, by=therapist)
        with pytest.raises(QuestionnaireExpired):
            questionnaire_submit(token=first_token, answers=answers())
        first.refresh_from_db()
        answered.refresh_from_db()
        assert first.voided_at is not None
        assert answered.voided_at is None  # answers already given stay for review
        questionnaire_submit(token=latest_token, answers=answers())

    def test_changes_nothing_of_the_client(self, sent, new_client):
        _, token = sent
        questionnaire_submit(token=token, answers=answers())
        new_client.refresh_from_db()
        assert new_client.first_name == DISTINCTIVE and new_client.email == "old@example.org"
        assert not Intake.objects.filter(client=new_client).exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_store_one(therapist, reload_knowledge):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the conditional update is the guard either way")
    client = make_client(therapist)
    _, token = questionnaire_create(client=client, by=therapist)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def submit(duration):
        try:
            barrier.wait()
            questionnaire_submit(token=token, answers=answers(duration=duration))
            results.append("stored")
        except QuestionnaireUsed:
            results.append("used")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in ("under-6-weeks", "over-a-year")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["stored", "used"]


@pytest.mark.django_db
def test_the_submit_that_loses_the_race_stores_nothing(sent):
    """Two submits at once, on any database: the other one commits between this one's check and
    its write (injected just before the write's SQL runs); the conditional update stores nothing."""
    questionnaire, token = sent
    first = answers(duration="under-6-weeks")

    fired = []

    def other_submit_wins(execute, sql, params, many, context):
        is_write = sql.startswith("UPDATE") and "triggerfinder_questionnaire" in sql and "submitted_at" in sql
        if is_write and not fired:
            fired.append(sql)
            Questionnaire.objects.filter(pk=questionnaire.pk).update(
                submitted_at=timezone.now(), answers=first
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(other_submit_wins), pytest.raises(QuestionnaireUsed):
        questionnaire_submit(token=token, answers=answers(duration="over-a-year"))
    assert fired
    # The injected write shares this test's transaction, which the refusal rolls back; in real life
    # it was the other request's, committed. Either way the losing answers were not stored.
    questionnaire.refresh_from_db()
    assert questionnaire.answers.get("duration") != "over-a-year"


@pytest.mark.django_db
class TestPublicPage:
    def test_blank_form_in_the_clients_language_without_stored_data(self, public, sent, new_client):
        _, token = sent
        response = public.get(questionnaire_url(token))
        html = response.text
        assert response.status_code == 200
        assert DISTINCTIVE not in html and "Ypsilanti" not in html and "old@example.org" not in html
        assert '<html lang="de">' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "same-origin"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert html.count('class="tf-bodymap"') == 2
        assert 'name="intensity-lower-back"' in html
        assert 'name="answer-saddle-numbness" value="yes"' in html
        assert 'name="duration"' in html
        # No navigation of the app.
        assert reverse("triggerfinder:client-list") not in html

    def test_english_client_gets_english_and_plain_questions(self, public, therapist):
        client = make_client(therapist, preferred_language="en")
        _, token = questionnaire_create(client=client, by=therapist)
        html = public.get(questionnaire_url(token)).text
        assert '<html lang="en">' in html
        assert "Questionnaire before your first visit" in html
        # The plain wording, not the therapist's label.
        assert "Does the skin between your legs or around your bottom feel numb" in html
        assert "(saddle area)" not in html

    def test_german_plain_wording(self, public, sent):
        _, token = sent
        html = public.get(questionnaire_url(token)).text
        assert "Fühlt sich die Haut zwischen den Beinen oder am Po taub" in html

    def test_submit_stores_the_answers_as_a_draft(self, public, sent, new_client):
        questionnaire, token = sent
        response = public.post(questionnaire_url(token), questionnaire_post())
        assert response.status_code == 200
        assert "Vielen Dank" in response.text and DISTINCTIVE not in response.text
        assert "Erika" not in response.text
        questionnaire.refresh_from_db()
        assert questionnaire.submitted_at is not None
        assert questionnaire.answers["regions"] == {"lower-back": 7}
        assert questionnaire.answers["duration"] == "3-12-months"
        assert questionnaire.answers["contact"]["email"] == "erika@example.org"
        assert questionnaire.answers["screening"]["blood-thinners"] is True
        assert questionnaire.answers["screening"]["saddle-numbness"] is False
        assert questionnaire.answers["consent_version"]
        new_client.refresh_from_db()
        assert new_client.email == "old@example.org"

    def test_errors_keep_everything_typed(self, public, sent):
        questionnaire, token = sent
        post = questionnaire_post(first_name="", duration=None, **{"answer-saddle-numbness": None})
        response = public.post(questionnaire_url(token), post)
        html = response.text
        assert response.status_code == 200
        assert 'id="tf-error-summary"' in html
        assert 'value="erika@example.org"' in html and 'value="0351 123456"' in html
        assert 'value="1980-04-01"' in html
        assert 'value="lower-back" id="tf-region-lower-back" checked' in html
        assert 'name="intensity-lower-back" id="id_intensity-lower-back"' in html and 'value="7"' in html
        assert 'name="answer-blood-thinners" value="yes" id="id_answer-blood-thinners_0" checked' in html
        questionnaire.refresh_from_db()
        assert questionnaire.submitted_at is None

    def test_nothing_is_stored_without_the_clients_agreement(self, public, sent):
        questionnaire, token = sent
        response = public.post(questionnaire_url(token), questionnaire_post(consent=None))
        assert response.status_code == 200 and 'id="tf-error-summary"' in response.text
        assert 'value="erika@example.org"' in response.text
        questionnaire.refresh_from_db()
        assert questionnaire.submitted_at is None and questionnaire.answers == {}

    def test_used_link_is_gone_in_both_languages(self, public, sent):
        _, token = sent
        assert public.post(questionnaire_url(token), questionnaire_post()).status_code == 200
        for response in (
            public.get(questionnaire_url(token)),
            public.post(questionnaire_url(token), questionnaire_post()),
        ):
            assert response.status_code == 410
            assert "Dieser Link ist abgelaufen oder wurde schon benutzt." in response.text
            assert "This link has expired or has already been used." in response.text
            assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_expired_link_is_gone_and_changes_nothing(self, public, sent):
        questionnaire, token = sent
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        response = public.post(questionnaire_url(token), questionnaire_post())
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in response.text and "has expired" in response.text
        questionnaire.refresh_from_db()
        assert questionnaire.submitted_at is None and questionnaire.answers == {}

    def test_forged_link_is_not_found_in_both_languages(self, public, sent):
        response = public.get(questionnaire_url("A" * 43))
        assert response.status_code == 404
        assert "Dieser Link ist ungültig." in response.text and "This link is not valid." in response.text
        response = public.post(questionnaire_url("A" * 43), questionnaire_post())
        assert response.status_code == 404
        assert not Questionnaire.objects.filter(submitted_at__isnull=False).exists()

    def test_locked_client_link_is_gone(self, public, sent, new_client):
        _, token = sent
        new_client.consent_withdrawn_at = timezone.now()
        new_client.save()
        assert public.get(questionnaire_url(token)).status_code == 410

    @override_settings(TRIGGERFINDER_QUESTIONNAIRE_RATE_LIMIT="3/m")
    def test_rate_limited_per_address_on_get_and_post(self, public, sent):
        _, token = sent
        url = questionnaire_url(token)
        assert public.get(url).status_code == 200
        assert public.get(url).status_code == 200
        assert public.post(url, {}).status_code == 200  # errors, kept
        response = public.post(url, questionnaire_post())
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert "Zu viele Anfragen" in response.text and "Too many requests" in response.text
        assert public.get(questionnaire_url("B" * 43)).status_code == 429
        assert (
            Questionnaire.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest()).submitted_at
            is None
        )


@pytest.mark.django_db
class TestTherapistSide:
    def send_url(self, client):
        return reverse("triggerfinder:questionnaire-send", args=[client.pk])

    def test_send_shows_the_link_once(self, therapist_client, new_client):
        with translation.override("en"):
            response = therapist_client.post(self.send_url(new_client), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        questionnaire = Questionnaire.objects.get(client=new_client)
        html = response.text
        start = html.index('id="tf-questionnaire-url"')
        url = html[start:].split('value="', 1)[1].split('"', 1)[0]
        assert url.startswith("http://testserver/questionnaire/")  # the client's language: German
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert questionnaire.token_hash == hashlib.sha256(token.encode()).hexdigest()
        # The client page never shows the link again.
        detail = therapist_client.get(new_client.get_absolute_url()).text
        assert token not in detail

    def test_sending_logs_the_access(self, therapist_client, new_client):
        from triggerfinder.models import AccessLogEntry

        therapist_client.post(self.send_url(new_client))
        assert AccessLogEntry.objects.filter(client=new_client, action=AccessLogEntry.Action.EDIT).exists()

    def test_send_is_post_only(self, therapist_client, new_client):
        assert therapist_client.get(self.send_url(new_client)).status_code == 405
        assert not Questionnaire.objects.exists()

    def test_another_therapist_can_neither_send_nor_see(self, client, other_therapist, new_client, sent):
        client.force_login(other_therapist)
        assert client.post(self.send_url(new_client)).status_code == 404
        assert Questionnaire.objects.filter(client=new_client).count() == 1
        questionnaire, token = sent
        questionnaire_submit(token=token, answers=answers())
        intake_url = reverse("triggerfinder:intake-for-client", args=[new_client.pk])
        assert client.get(f"{intake_url}?questionnaire={questionnaire.pk}").status_code == 404

    def test_the_lead_may_send_for_any_client(self, client, lead, new_client):
        client.force_login(lead)
        assert client.post(self.send_url(new_client)).status_code == 200
        assert Questionnaire.objects.filter(client=new_client, created_by=lead).exists()

    def test_locked_client_gets_none(self, therapist_client, new_client):
        new_client.consent_withdrawn_at = timezone.now()
        new_client.save()
        response = therapist_client.post(self.send_url(new_client))
        assert response.status_code == 302
        assert not Questionnaire.objects.exists()

    def test_detail_page_states(self, therapist_client, new_client, therapist):
        url = new_client.get_absolute_url()
        with translation.override("en"):
            html = therapist_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
        assert "Kein Fragebogen gesendet." in html and "Fragebogen senden" in html
        questionnaire, token = questionnaire_create(client=new_client, by=therapist)
        html = therapist_client.get(url).text
        assert "Fragebogen gesendet am" in html and "noch nicht beantwortet." in html
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        html = therapist_client.get(url).text
        assert "ohne Antwort abgelaufen." in html
        questionnaire, token = questionnaire_create(client=new_client, by=therapist)
        questionnaire_submit(token=token, answers=answers())
        html = therapist_client.get(url).text
        assert "Antworten aus dem Fragebogen warten auf Durchsicht" in html
        assert "beantwortet am" in html
        assert f"?questionnaire={questionnaire.pk}" in html


def intake_post(**changes) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        "region": REGIONS,
        "intensity-lower-back": "7",
        "overall_pain": "6",
        "duration_months": "12",
        **screening_post(yes=("blood-thinners",)),
        "consent": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
class TestDraftOnTheIntake:
    @pytest.fixture
    def answered(self, sent):
        _, token = sent
        return questionnaire_submit(token=token, answers=answers())

    def url(self, client, questionnaire):
        return (
            reverse("triggerfinder:intake-for-client", args=[client.pk])
            + f"?questionnaire={questionnaire.pk}"
        )

    def test_prefilled_and_marked_from_the_client(self, therapist_client, new_client, answered):
        html = therapist_client.get(self.url(new_client, answered)).text
        assert 'value="lower-back" id="tf-region-lower-back" checked' in html
        assert 'data-region="lower-back" value="7"' in html
        assert 'name="duration_months" value="12"' in html
        assert 'name="answer-blood-thinners" value="yes" id="id_answer-blood-thinners_0" checked' in html
        assert 'name="answer-saddle-numbness" value="no" id="id_answer-saddle-numbness_1" checked' in html
        assert html.count("tf-from-client") >= 3
        assert "von der Klientin / dem Klienten" in html
        # The contact details: typed beside the record, nothing overwritten.
        assert "erika@example.org" in html and "old@example.org" in html
        assert 'name="take_contact" value="email"' in html
        assert 'name="take_contact" value="first_name"' in html  # Erika vs the distinctive name
        assert 'name="take_contact" value="phone"' not in html  # nothing typed
        new_client.refresh_from_db()
        assert new_client.email == "old@example.org"

    def test_without_the_parameter_nothing_is_prefilled(self, therapist_client, new_client, answered):
        html = therapist_client.get(reverse("triggerfinder:intake-for-client", args=[new_client.pk])).text
        assert "tf-from-client" not in html

    def test_confirming_links_the_questionnaire(self, therapist_client, new_client, answered):
        response = therapist_client.post(self.url(new_client, answered), intake_post(take_contact=["email"]))
        assert response.status_code == 302
        intake = Intake.objects.get(client=new_client)
        answered.refresh_from_db()
        assert answered.intake == intake and answered.reviewed_at is not None
        new_client.refresh_from_db()
        assert new_client.email == "erika@example.org"  # taken over, as ticked
        assert new_client.first_name == DISTINCTIVE  # not ticked: kept
        # The intake as saved is the record: the therapist's answers, whatever the client said.
        assert intake.duration_months == 12
        html = therapist_client.get(new_client.get_absolute_url()).text
        assert "waiting for review" not in html
        assert "in der Aufnahme bestätigt" in html

    def test_the_therapists_correction_is_the_record(self, therapist_client, new_client, answered):
        post = intake_post(**screening_post(yes=()), **{"intensity-lower-back": "4"})
        assert therapist_client.post(self.url(new_client, answered), post).status_code == 302
        intake = Intake.objects.get(client=new_client)
        assert intake.regions.get().intensity == 4
        assert not intake.screening_answers.filter(answer=True).exists()

    def test_errors_keep_the_draft_and_link_nothing(self, therapist_client, new_client, answered):
        post = intake_post(consent=None, take_contact=["email"])
        post = {k: v for k, v in post.items() if v is not None}
        response = therapist_client.post(self.url(new_client, answered), post)
        assert response.status_code == 200
        assert "tf-from-client" in response.text
        assert 'name="take_contact" value="email" id="tf-take-email" checked' in response.text
        answered.refresh_from_db()
        assert answered.reviewed_at is None
        assert not Intake.objects.exists()

    def test_a_reviewed_questionnaire_is_not_prefilled_again(self, therapist_client, new_client, answered):
        therapist_client.post(self.url(new_client, answered), intake_post())
        html = therapist_client.get(self.url(new_client, answered)).text
        assert "tf-from-client" not in html


@pytest.mark.django_db
def test_service_module_exports_the_errors():
    assert questionnaires.QuestionnaireInvalid is QuestionnaireInvalid


@pytest.mark.parametrize("days", [0, 61, "14", True])
def test_the_days_setting_is_checked(days):
    from triggerfinder.checks import check_settings

    with override_settings(TRIGGERFINDER_QUESTIONNAIRE_DAYS=days):
        problems = [error.msg for error in check_settings()]
    assert any("TRIGGERFINDER_QUESTIONNAIRE_DAYS" in msg for msg in problems)


def test_every_shipped_question_has_plain_wording_in_both_languages():
    import json

    from triggerfinder.services.knowledge.document import SHIPPED_FILE

    document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    for item in document["contraindications"]:
        assert item.get("plain_de") and item.get("plain_en"), item["slug"]
        assert len(item["plain_de"]) <= 250 and len(item["plain_en"]) <= 250, item["slug"]


@pytest.mark.django_db
class TestRedFlagsInADraft:
    """A waiting draft whose answers name a red flag is shown on the client page at once, decided
    by the gate as a typed intake is (the live preview's path), before the therapist opens it."""

    def submit(self, new_client, therapist, yes: tuple[str, ...]):
        _questionnaire, token = questionnaires.questionnaire_create(client=new_client, by=therapist)
        questionnaire_submit(token=token, answers=answers(screening=shipped_answers(REGIONS, yes)))

    def test_an_emergency_answer_is_an_alert_on_the_client_page(
        self, therapist_client, therapist, new_client
    ):
        self.submit(new_client, therapist, ("saddle-numbness",))
        html = therapist_client.get(new_client.get_absolute_url()).text
        assert 'data-testid="draft-warnings"' in html and "112" in html

    def test_a_caution_is_no_alert(self, therapist_client, therapist, new_client):
        self.submit(new_client, therapist, ("blood-thinners",))
        html = therapist_client.get(new_client.get_absolute_url()).text
        assert 'data-testid="draft-warnings"' not in html
