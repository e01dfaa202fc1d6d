"""Every read of a client's data is in the access log; probes for another therapist's client are
security events; the batch handout ZIP leaves out restricted records (docs/security.md, issue 15)."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login_verified, make_client, make_user
from tests.test_access import ALL_PATTERNS, names_a_record
from tests.test_intake import URL, intake_post
from triggerfinder.admin.clinical import ClinicalRecordAdmin
from triggerfinder.models import (
    AccessLogEntry,
    Appointment,
    Clearance,
    Client,
    Contraindication,
    Finding,
    SecurityEvent,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.services import clients, plans

BATCH = reverse("triggerfinder:handout-batch")

# App URLs with an id in them that show no client data, each with the reason. The walk checks
# that each of them answers a GET with 405: a page that shows something cannot hide here.
NO_CLIENT_DATA = {
    # POST only; each redirects to the client's page or the plan, which log the read.
    "triggerfinder:client-restrict",
    "triggerfinder:consent-withdraw",
    "triggerfinder:messages-consent-record",
    "triggerfinder:finding-create",
    "triggerfinder:finding-resolve",
    "triggerfinder:planned-session-mark",
    "triggerfinder:planned-session-book",
    "triggerfinder:plan-reschedule",
    "triggerfinder:plan-dates",
    "triggerfinder:plan-clearance",
    "triggerfinder:plan-accept",
    "triggerfinder:plan-cancel",
    "triggerfinder:appointment-status",
    # POST only, the practice lead's; redirects to the messages page.
    "triggerfinder:message-retry",
    # POST only; logs the edit itself (tests/test_questionnaire.py) and shows the link, no record.
    "triggerfinder:questionnaire-send",
    # POST only; queues the questionnaire's e-mail and redirects to the client's page.
    "triggerfinder:questionnaire-email",
}


def plan_for(http_client, **changes) -> TreatmentPlan:
    assert http_client.post(URL, intake_post(**changes)).status_code == 302
    return TreatmentPlan.objects.latest("pk")


def records(therapist, http_client, *, findings: bool = True) -> dict:
    """One record of each kind for one client: intake, plan (accepted), session, and unless told
    otherwise a finding and a clearance (a finding may block the calendar export)."""
    plan = plan_for(http_client)
    plans.plan_accept(plan=plan, user=therapist)
    session = TreatmentSession.objects.create(
        client=plan.client,
        plan=plan,
        therapist=therapist,
        held_at=timezone.now(),
        pain_before=6,
        pain_after=4,
        submission_key=uuid.uuid4(),
    )
    seeded = {
        "client": plan.client,
        "intake": plan.intake,
        "plan": plan,
        "planned": plan.sessions.first(),
        "session": session,
        # Written directly: no working hours here, and a seeded finding would block the service.
        "appointment": Appointment.objects.create(
            therapist=therapist, client=plan.client, start=timezone.now() + timedelta(days=7)
        ),
    }
    if not findings:
        return seeded
    finding = Finding.objects.create(
        client=plan.client, contraindication=Contraindication.objects.first(), recorded_by=therapist
    )
    clearance = Clearance.objects.create(
        client=plan.client, cleared_on=timezone.localdate(), recorded_by=therapist
    )
    return {**seeded, "finding": finding, "clearance": clearance}


def kind_of(name: str, converters: dict) -> str:
    if name.startswith("triggerfinder:appointment-"):
        return "appointment"
    if name.startswith("triggerfinder:session-") and "client_pk" not in converters:
        return "session"
    if name.startswith("triggerfinder:finding-") and name != "triggerfinder:finding-create":
        return "finding"
    if "planned" in name:
        return "planned"
    if "plan" in name:
        return "plan"
    return "client"


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
class TestEveryReadIsLogged:
    def test_every_app_url_with_a_record_id_logs_the_client(self, therapist_client, therapist, lead):
        seeded = records(therapist, therapist_client, findings=False)
        seeded["finding"] = seeded["client"]  # finding-resolve is POST only: any id answers 405
        client = seeded["client"]
        therapist_client.force_login(lead)  # a lead may open every page, restricting included
        checked = []
        for name, converters in ALL_PATTERNS:
            if not name.startswith("triggerfinder:") or not names_a_record(converters):
                continue
            url = reverse(name, kwargs={key: seeded[kind_of(name, converters)].pk for key in converters})
            before = AccessLogEntry.objects.filter(client=client).count()
            response = therapist_client.get(url)
            if name in NO_CLIENT_DATA:
                assert response.status_code == 405, f"{name} shows something: take it off the list"
                continue
            assert response.status_code == 200, f"{name} {url}: {response.status_code}"
            if response.streaming:
                b"".join(response.streaming_content)
            after = AccessLogEntry.objects.filter(client=client).count()
            assert after > before, f"{name} ({url}) shows the client's data and logs no access"
            checked.append(name)
        assert len(checked) >= 9, checked

    def test_every_clinical_admin_page_logs_the_client(self, client, therapist_client, therapist):
        seeded = records(therapist, therapist_client)
        record = seeded["client"]
        login_verified(client, make_user("ada", is_staff=True, is_superuser=True))
        admins = [
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ClinicalRecordAdmin)
        ]
        assert {model for model, _ in admins} >= {
            Client,
            TreatmentPlan,
            TreatmentSession,
            Finding,
            Clearance,
            type(seeded["intake"]),
            Appointment,
        }
        by_model = {type(obj): obj for obj in seeded.values()}
        for model, _model_admin in admins:
            obj = by_model[model]
            info = (model._meta.app_label, model._meta.model_name)
            urls = [
                reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
                reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
                reverse(
                    "admin:{}_{}_simple_history".format(*info),
                    args=[obj.pk, obj.history.latest().history_id],
                ),
            ]
            for url in urls:
                before = AccessLogEntry.objects.filter(client=record, action="admin").count()
                assert client.get(url).status_code == 200, url
                assert AccessLogEntry.objects.filter(client=record, action="admin").count() == before + 1, url


@pytest.mark.django_db
class TestProbes:
    def test_another_therapists_client_is_a_404_and_a_security_event(
        self, therapist_client, therapist, client, other_therapist
    ):
        seeded = records(therapist, therapist_client)
        client.force_login(other_therapist)
        urls = [
            reverse("triggerfinder:client-detail", args=[seeded["client"].pk]),
            reverse("triggerfinder:plan-detail", args=[seeded["plan"].pk]),
            reverse("triggerfinder:session-update", args=[seeded["session"].pk]),
            reverse("triggerfinder:client-export-json", args=[seeded["client"].pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404
            event = SecurityEvent.objects.latest("pk")
            assert (event.kind, event.user, event.path) == ("probe", other_therapist, url)
        client.post(reverse("triggerfinder:finding-resolve", args=[seeded["finding"].pk]))
        assert SecurityEvent.objects.filter(kind="probe").count() == len(urls) + 1
        client.get(BATCH, {"client": seeded["client"].pk})
        assert SecurityEvent.objects.filter(kind="probe").count() == len(urls) + 2
        # Nothing of the client is in the event: kind, user, address and a path with ids.
        name = seeded["client"].last_name
        for event in SecurityEvent.objects.filter(kind="probe"):
            assert name not in str(event) and name not in event.path and name not in event.username

    def test_a_missing_record_is_a_404_and_no_event(self, therapist_client):
        assert therapist_client.get(reverse("triggerfinder:client-detail", args=[999999])).status_code == 404
        assert not SecurityEvent.objects.filter(kind="probe").exists()

    def test_admin_probes_are_security_events_and_look_like_a_missing_record(
        self, client, therapist, other_therapist
    ):
        foreign = make_client(other_therapist)
        therapist.is_staff = True
        therapist.save()
        login_verified(client, therapist)
        missing = client.get("/admin/triggerfinder/client/999999/change/")
        hidden = client.get(f"/admin/triggerfinder/client/{foreign.pk}/change/")
        assert missing.status_code == hidden.status_code == 302
        assert client.get(f"/admin/triggerfinder/client/{foreign.pk}/history/").status_code == 404
        assert SecurityEvent.objects.filter(kind="probe", user=therapist).count() == 2
        assert not AccessLogEntry.objects.filter(client=foreign).exists()


@pytest.mark.django_db
class TestBatchHandouts:
    def test_restricted_and_withdrawn_are_left_out_and_each_export_is_logged(
        self, therapist_client, therapist
    ):
        kept = plan_for(therapist_client).client
        restricted = plan_for(therapist_client, **{"client-last_name": "Gesperrt"}).client
        withdrawn = plan_for(therapist_client, **{"client-last_name": "Widerrufen"}).client
        clients.client_restrict(client=restricted, user=therapist)
        clients.consent_withdraw(client=withdrawn, user=therapist)
        response = therapist_client.get(BATCH, {"client": [kept.pk, restricted.pk, withdrawn.pk]})
        archive = zip_of(response)
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
        assert len(pdfs) == 1 and pdfs[0].startswith(f"handout-{kept.pk}-")
        note = archive.read("left-out.txt").decode()
        assert f"Nr. {restricted.pk}" in note and "eingeschränkt" in note
        assert f"Nr. {withdrawn.pk}" in note and "Einwilligung" in note
        assert "Gesperrt" not in note and "Widerrufen" not in note
        handouts = AccessLogEntry.objects.filter(action="handout")
        assert list(handouts.values_list("client", "user")) == [(kept.pk, therapist.pk)]

    def test_nothing_left_is_refused_in_the_users_language(self, therapist_client, therapist):
        restricted = plan_for(therapist_client).client
        clients.client_restrict(client=restricted, user=therapist)
        page = therapist_client.get(BATCH, {"client": restricted.pk}, follow=True)
        assert page.status_code == 200 and "eingeschränkt" in page.text and "Nichts zu drucken" in page.text
        assert not AccessLogEntry.objects.filter(action="handout").exists()

    def test_the_days_zip_leaves_out_withdrawn_consent_and_logs_each_export(
        self, therapist_client, therapist
    ):
        kept = plan_for(therapist_client)
        withdrawn = plan_for(therapist_client, **{"client-last_name": "Widerrufen"})
        for plan in (kept, withdrawn):
            plans.plan_accept(plan=plan, user=therapist)
        clients.consent_withdraw(client=withdrawn.client, user=therapist)
        day = kept.sessions.order_by("date").first().date
        assert withdrawn.sessions.filter(date=day).exists()
        archive = zip_of(therapist_client.get(BATCH, {"day": day.isoformat()}))
        assert [n for n in archive.namelist() if n.endswith(".pdf")] == [
            n for n in archive.namelist() if n.startswith(f"handout-{kept.client.pk}-")
        ]
        assert f"Nr. {withdrawn.client.pk}" in archive.read("left-out.txt").decode()
        assert list(AccessLogEntry.objects.filter(action="handout").values_list("client", flat=True)) == [
            kept.client.pk
        ]


@pytest.mark.django_db
class TestAPageOfManyClients:
    def test_one_entry_per_client_in_one_query_however_many(self, therapist, django_assert_num_queries, rf):
        """A week of appointments logs every client shown in one INSERT: more than SQLite's 249
        rows per bulk_create batch, and a client with two appointments logged once."""
        from triggerfinder.security import audit

        shown = [make_client(therapist, first_name=f"K{index}") for index in range(260)]
        request = rf.get("/appointments/week/")
        request.user = therapist
        before = timezone.now()
        with django_assert_num_queries(1):
            audit.record_accesses(request, [*shown, shown[0]], AccessLogEntry.Action.VIEW)
        entries = AccessLogEntry.objects.filter(user=therapist, action=AccessLogEntry.Action.VIEW)
        assert sorted(entries.values_list("client_id", flat=True)) == sorted(c.pk for c in shown)
        assert all(before <= entry.at <= timezone.now() for entry in entries)

    def test_nothing_shown_writes_nothing(self, therapist, django_assert_num_queries, rf):
        from triggerfinder.security import audit

        request = rf.get("/")
        request.user = therapist
        with django_assert_num_queries(0):
            audit.record_accesses(request, [], AccessLogEntry.Action.VIEW)
