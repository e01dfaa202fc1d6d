"""Clinical records are read-only in the admin: every change goes through the app's services, so
the safety gate sees it. History stays readable, for the records the user may see."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from tests.conftest import VerifiedClient, login_verified, make_client, make_user
from tests.test_access_log import records
from tests.test_appointments_views import MONDAY, at
from tests.test_plans import create_plan
from triggerfinder.admin.clinical import ClinicalRecordAdmin
from triggerfinder.models import (
    Appointment,
    Clearance,
    Client,
    Finding,
    Intake,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.security import roles

MODELS = [Client, Intake, Finding, Clearance, TreatmentPlan, TreatmentSession]


@pytest.fixture
def superuser_client(db):
    http_client = VerifiedClient()
    login_verified(http_client, make_user("root", is_staff=True, is_superuser=True))
    return http_client


def url(model, suffix: str = "") -> str:
    return f"/admin/triggerfinder/{model._meta.model_name}/{suffix}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_nobody_adds_changes_or_deletes_a_clinical_record(superuser_client, model):
    assert superuser_client.get(url(model)).status_code == 200
    assert superuser_client.get(url(model, "add/")).status_code == 403


@pytest.mark.django_db
def test_a_plan_is_shown_but_its_status_cannot_be_set(therapist_client, superuser_client):
    plan = create_plan(therapist_client, yes=["saddle-numbness"])
    page = superuser_client.get(url(TreatmentPlan, f"{plan.pk}/change/"))
    assert page.status_code == 200 and 'name="status"' not in page.text and 'name="_save"' not in page.text
    refused = superuser_client.post(
        url(TreatmentPlan, f"{plan.pk}/change/"), {"status": "accepted", "version": plan.version}
    )
    assert refused.status_code == 403
    assert superuser_client.post(url(TreatmentPlan, f"{plan.pk}/delete/"), {"post": "yes"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "proposed"


@pytest.mark.django_db
def test_history_shows_but_never_reverts(therapist_client, superuser_client, therapist):
    plan = create_plan(therapist_client, yes=["numbness"])
    finding = Finding.objects.get(client=plan.client)
    historical = finding.history.first()
    history_url = url(Finding, f"{finding.pk}/history/{historical.history_id}/")
    assert superuser_client.get(history_url).status_code == 200
    posted = superuser_client.post(history_url, {"contraindication": finding.contraindication_id})
    assert posted.status_code == 403
    assert Finding.objects.get(pk=finding.pk).version == finding.version


@pytest.mark.django_db
def test_history_of_another_therapists_client_is_hidden(client, therapist, other_therapist):
    record = make_client(other_therapist, phone="0301234")
    staff = make_user("nina", role=roles.THERAPIST, is_staff=True)
    login_verified(client, staff)
    historical = record.history.first()
    assert client.get(url(Client, f"{record.pk}/history/")).status_code == 404
    assert client.get(url(Client, f"{record.pk}/history/{historical.history_id}/")).status_code == 404
    own = make_client(staff)
    assert client.get(url(Client, f"{own.pk}/history/")).status_code == 200


@pytest.mark.django_db
def test_an_intakes_screening_answers_are_shown_and_cannot_be_edited(therapist_client, superuser_client):
    plan = create_plan(therapist_client, yes=["blood-thinners"])
    page = superuser_client.get(url(Intake, f"{plan.intake_id}/change/")).text
    assert "Blutverdünner" in page and "Screening-Antworten" in page
    assert 'name="screening_answers-0-answer"' not in page


@pytest.mark.django_db
def test_a_staff_therapist_reaches_no_admin_page_of_another_therapists_records(
    client, therapist_client, therapist
):
    """Every clinical admin page of every record kind (change, history, a history entry, delete)
    and the history form's revert answer for another therapist's client as for a missing record
    and show none of it; nothing changes (issue 15, item 1)."""
    seeded = records(therapist, therapist_client)
    owner = seeded["client"]
    # Written directly: the seeded finding blocks booking through the service.
    seeded["appointment"] = Appointment.objects.create(therapist=therapist, client=owner, start=at(MONDAY, 9))
    staff = make_user("nina", role=roles.THERAPIST, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    login_verified(client, staff)
    by_model = {type(obj): obj for obj in seeded.values()}
    walked = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ClinicalRecordAdmin):
            continue
        obj = by_model[model]
        entry = obj.history.latest().history_id
        for suffix in ["change/", "history/", f"history/{entry}/", "delete/"]:
            response = client.get(url(model, f"{obj.pk}/{suffix}"))
            assert response.status_code in (302, 403, 404), (model, suffix, response.status_code)
            assert owner.last_name not in response.text, (model, suffix)
            if response.status_code == 302:
                assert f"/{obj.pk}/" not in response["Location"], (model, suffix)
            walked.append((model.__name__, suffix))
        revert = client.post(url(model, f"{obj.pk}/history/{entry}/"), {"therapist": staff.pk})
        assert revert.status_code in (403, 404), (model, revert.status_code)
    owner.refresh_from_db()
    assert owner.therapist == therapist
    assert {name for name, _ in walked} >= {
        "Client",
        "Intake",
        "Finding",
        "Clearance",
        "TreatmentPlan",
        "TreatmentSession",
        "Appointment",
    }
