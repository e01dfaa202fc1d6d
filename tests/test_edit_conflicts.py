"""No lost updates: a save based on a version someone else has replaced is refused, says who and
when, shows the saved values beside the typed ones, and keeps everything typed, in the app's
pages and in the admin. Two people are two logged-in browsers on the same database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import VerifiedClient, login_verified, make_client, make_user
from tests.test_knowledge_admin import muscle_form_data
from tests.test_plans import create_plan
from triggerfinder.models import Client, EditConflict, Muscle, TreatmentPlan
from triggerfinder.services import clients, plans

VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


def client_for(user) -> VerifiedClient:
    http_client = VerifiedClient()
    http_client.force_login(user)
    return http_client


def page_version(html: str) -> int:
    return int(VERSION_INPUT.search(html).group(1))


def client_data(**changes) -> dict:
    return {"first_name": "Erika", "last_name": "Mustermann", "preferred_language": "de", **changes}


@pytest.mark.django_db
class TestTheRule:
    def test_the_second_of_two_saves_from_the_same_version_is_refused(self, therapist):
        first = make_client(therapist)
        second = Client.objects.get(pk=first.pk)
        first.phone = "030 111"
        first.save()
        second.phone = "030 222"
        with pytest.raises(EditConflict):
            second.save()
        saved = Client.objects.get(pk=first.pk)
        assert (saved.phone, saved.version) == ("030 111", 2)
        assert second.version == 1  # unchanged: a failed save claims nothing

    def test_every_save_raises_the_version_also_with_update_fields(self, therapist):
        client = make_client(therapist)
        client.phone = "1"
        client.save(update_fields=["phone"])
        assert Client.objects.get(pk=client.pk).version == 2
        client.save()
        assert Client.objects.get(pk=client.pk).version == 3

    def test_the_service_refuses_a_version_the_user_never_saw(self, therapist):
        client = make_client(therapist)
        with pytest.raises(EditConflict):
            clients.client_update(client=client, version=client.version + 1, phone="9")

    def test_a_save_between_load_and_save_is_caught_at_save_time(self, therapist):
        loaded = make_client(therapist)
        clients.client_update(client=Client.objects.get(pk=loaded.pk), phone="first")
        with pytest.raises(EditConflict):
            clients.client_update(client=loaded, version=loaded.version, phone="second")
        assert Client.objects.get(pk=loaded.pk).phone == "first"


@pytest.mark.django_db
class TestClientPage:
    def test_conflict_shows_both_versions_keeps_the_typed_one_and_saves_on_purpose(self, therapist, lead):
        lead.first_name, lead.last_name = "Miriam", "Vogt"
        lead.save()
        record = make_client(therapist, phone="030 000")
        url = reverse("triggerfinder:client-update", args=[record.pk])
        lena, miriam = client_for(therapist), client_for(lead)
        version = page_version(lena.get(url).text)
        assert page_version(miriam.get(url).text) == version

        saved = miriam.post(
            url, client_data(phone="030 999 (Miriam)", therapist=therapist.pk, version=version)
        )
        assert saved.status_code == 302

        page = lena.post(
            url, client_data(phone="030 123 & <Lena>", email="erika@example.invalid", version=version)
        )
        html = page.text
        assert page.status_code == 200
        assert "Miriam Vogt" in html and "während Sie" in html
        assert "030 999 (Miriam)" in html  # the saved version …
        assert "030 123 &amp; &lt;Lena&gt;" in html  # … beside the typed one, escaped
        assert 'value="erika@example.invalid"' in html  # nothing typed is lost
        assert Client.objects.get(pk=record.pk).phone == "030 999 (Miriam)"

        # Having seen both, Lena saves again: now it is a deliberate overwrite.
        again = lena.post(url, client_data(phone="030 123", version=page_version(html)))
        assert again.status_code == 302
        assert Client.objects.get(pk=record.pk).phone == "030 123"

    def test_english_page_says_it_in_english(self, therapist):
        record = make_client(therapist)
        url = "/en" + reverse("triggerfinder:client-update", args=[record.pk])
        http_client = client_for(therapist)
        version = page_version(http_client.get(url).text)
        clients.client_update(client=Client.objects.get(pk=record.pk), phone="1")
        html = http_client.post(url, client_data(phone="2", version=version)).text
        assert "while you were editing" in html and "Saved version" in html


@pytest.mark.django_db
class TestPlanPage:
    def reschedule_data(self, plan, **changes) -> dict:
        start = timezone.localdate() + timedelta(days=10)
        while start.weekday() > 4:
            start += timedelta(days=1)
        return {
            "cycle_length": 6,
            "start_date": start.isoformat(),
            "first_interval_days": 7,
            "weekly_sessions": 3,
            "later_interval_days": 14,
            "maintenance_weeks": 6,
            "maintenance_visits": 3,
            "session_time": "10:00",
            "session_minutes": 60,
            "notes": "",
            **changes,
        }

    def test_reschedule_on_an_outdated_plan_is_refused_and_keeps_the_input(self, therapist_client):
        plan = create_plan(therapist_client)
        seen = page_version(therapist_client.get(plan.get_absolute_url()).text)
        plans.plan_reschedule(plan=TreatmentPlan.objects.get(pk=plan.pk), notes="Kollegin: erst Rücken")
        url = reverse("triggerfinder:plan-reschedule", args=[plan.pk])
        page = therapist_client.post(url, self.reschedule_data(plan, notes="mein Vorschlag", version=seen))
        html = page.text
        assert page.status_code == 200
        assert "Kollegin: erst Rücken" in html and "mein Vorschlag" in html
        plan.refresh_from_db()
        assert plan.notes == "Kollegin: erst Rücken" and plan.cycle_length != 6

    def test_accepting_a_plan_that_changed_meanwhile_is_refused(self, therapist_client):
        plan = create_plan(therapist_client)
        seen = page_version(therapist_client.get(plan.get_absolute_url()).text)
        plans.plan_reschedule(plan=TreatmentPlan.objects.get(pk=plan.pk), cycle_length=9)
        url = reverse("triggerfinder:plan-accept", args=[plan.pk])
        page = therapist_client.post(url, {"version": seen}, follow=True)
        assert "während Sie" in page.text
        assert TreatmentPlan.objects.get(pk=plan.pk).status == TreatmentPlan.Status.PROPOSED

    def test_moving_dates_of_a_plan_that_changed_meanwhile_is_refused(self, therapist_client):
        plan = create_plan(therapist_client)
        seen = page_version(therapist_client.get(plan.get_absolute_url()).text)
        first = plan.sessions.order_by("date").first()
        plans.plan_cancel(plan=TreatmentPlan.objects.get(pk=plan.pk))
        url = reverse("triggerfinder:plan-dates", args=[plan.pk])
        moved = first.date + timedelta(days=1)
        page = therapist_client.post(url, {f"session-{first.pk}": moved.isoformat(), "version": seen})
        assert page.status_code in (200, 302)
        first.refresh_from_db()
        assert first.date != moved

    def test_the_dates_are_part_of_the_plan_version(self, therapist_client):
        plan = create_plan(therapist_client)
        before = TreatmentPlan.objects.get(pk=plan.pk).version
        session = plan.sessions.order_by("date").first()
        plans.plan_set_dates(plan=plan, dates={session.pk: session.date})
        assert TreatmentPlan.objects.get(pk=plan.pk).version == before + 1


@pytest.mark.django_db
class TestAdmin:
    def test_muscle_edit_conflict_lists_the_saved_values_and_keeps_the_typed(self, knowledge_editor):
        other = make_user("ida", is_staff=True, is_superuser=True, first_name="Ida", last_name="Berg")
        muscle = Muscle.objects.get(slug="gluteus-medius")
        url = f"/admin/triggerfinder/muscle/{muscle.pk}/change/"
        konrad, ida = VerifiedClient(), VerifiedClient()
        login_verified(konrad, knowledge_editor)
        login_verified(ida, other)
        opened = muscle_form_data(muscle)  # both open the form at the same version

        assert ida.post(url, {**opened, "name_de": "Mittlerer Gesäßmuskel (Ida)"}).status_code == 302
        page = konrad.post(url, {**opened, "name_de": "Mittlerer Gesäßmuskel (Konrad)"})
        html = page.text
        assert page.status_code == 200
        assert "Ida Berg" in html
        assert "Mittlerer Gesäßmuskel (Ida)" in html  # saved, named in the error list
        assert 'value="Mittlerer Gesäßmuskel (Konrad)"' in html  # typed, still in the form
        assert Muscle.objects.get(pk=muscle.pk).name_de == "Mittlerer Gesäßmuskel (Ida)"

        resubmit = {**opened, "name_de": "Mittlerer Gesäßmuskel (Konrad)", "version": page_version(html)}
        resubmit.update(
            {k: v for k, v in muscle_form_data(Muscle.objects.get(pk=muscle.pk)).items() if "referrals-" in k}
        )
        assert konrad.post(url, resubmit).status_code == 302
        assert Muscle.objects.get(pk=muscle.pk).name_de == "Mittlerer Gesäßmuskel (Konrad)"

    def test_an_inline_referral_changed_meanwhile_is_refused(self, knowledge_editor):
        muscle = Muscle.objects.get(slug="gluteus-medius")
        url = f"/admin/triggerfinder/muscle/{muscle.pk}/change/"
        http_client = VerifiedClient()
        login_verified(http_client, knowledge_editor)
        opened = muscle_form_data(muscle)
        referral = muscle.referrals.first()
        referral.note_de = "geändert von jemand anderem"
        referral.save()
        page = http_client.post(url, {**opened, "referrals-0-note_de": "meine Notiz"})
        assert page.status_code == 200
        assert referral.__class__.objects.get(pk=referral.pk).note_de == "geändert von jemand anderem"

    def test_reverting_to_an_old_version_from_the_history_is_not_a_conflict(self, knowledge_editor):
        muscle = Muscle.objects.get(slug="gluteus-medius")
        http_client = VerifiedClient()
        login_verified(http_client, knowledge_editor)
        url = f"/admin/triggerfinder/muscle/{muscle.pk}/change/"
        assert http_client.post(url, muscle_form_data(muscle, name_de="Neu")).status_code == 302
        old = muscle.history.order_by("history_date").first()
        revert_url = f"/admin/triggerfinder/muscle/{muscle.pk}/history/{old.history_id}/"
        form_page = http_client.get(revert_url)
        assert page_version(form_page.text) == Muscle.objects.get(pk=muscle.pk).version
