"""The export of everything stored about one client (triggerfinder.services.privacy.export): complete, exact, only
this client's, and the same twice.

Completeness is checked against an independent walk: every model with a chain of foreign keys to
Client must be covered by the export's own walk, which goes the other way (reverse relations from
Client). The expected rows per model come from the same chains, so a model added later is checked
without touching this file.
"""

from __future__ import annotations

import datetime
import io
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce
from operator import or_
from typing import Any

import pypdf
import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges, HistoricalRecords

from tests.answers import answered, session_input
from tests.conftest import make_user
from triggerfinder.models import (
    AccessLogEntry,
    Appointment,
    Clearance,
    Client,
    Contraindication,
    Finding,
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    PlanFocusMuscle,
    PlannedSession,
    Questionnaire,
    SessionRegionPain,
    TreatedMuscle,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.security import audit, roles
from triggerfinder.services import clients, findings, intakes, plans, questionnaires, sessions
from triggerfinder.services.privacy import export as privacy_export
from triggerfinder.services.privacy import pdf as privacy_pdf
from triggerfinder.services.privacy import records

HOSTILE = "Łukasz Öztürk & Söhne <GmbH>"
CLIENT_MODELS = {
    AccessLogEntry,
    Appointment,
    Clearance,
    Finding,
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    PlanFocusMuscle,
    PlannedSession,
    Questionnaire,
    SessionRegionPain,
    TreatedMuscle,
    TreatmentPlan,
    TreatmentSession,
}


# --- the independent walk: forward foreign keys from every model to Client ------------------------


def chains_to_client(model: type[models.Model], seen: tuple[type[models.Model], ...] = ()) -> list[str]:
    """Every lookup path (``session__plan__client``) along foreign keys from ``model`` to Client."""
    paths = []
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is Client:
            paths.append(field.name)
        elif target is not model and target not in seen:
            paths += [f"{field.name}__{path}" for path in chains_to_client(target, (*seen, model))]
    return paths


def models_with_chains() -> dict[type[models.Model], list[str]]:
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if issubclass(model, HistoricalChanges) or model._meta.proxy or model is Client:
            continue
        if paths := chains_to_client(model):
            found[model] = paths
    return found


def ids_of(client: Client, model: type[models.Model], paths: list[str]) -> set[Any]:
    condition = reduce(or_, (Q(**{path: client.pk}) for path in paths))
    return set(model._base_manager.filter(condition).values_list("pk", flat=True))


def exported_ids(rows: list[dict], model: type[models.Model]) -> list[Any]:
    return [row[model._meta.pk.name] for row in rows]


def history_ids(rows: list[dict]) -> list[Any]:
    return [row["history_id"] for row in rows]


# --- a realistic client, built through the app's services -----------------------------------------


@contextmanager
def acting_as(user: Any) -> Iterator[Any]:
    """What simple-history's middleware does for a request: every change is recorded as the user's."""
    request = RequestFactory().post("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield request
    finally:
        del HistoricalRecords.context.request


def build_client(user: Any, *, first_name: str, last_name: str, notes: str) -> Client:
    """Intake (regions, factor, contraindication, proposed plan), rescheduled (old dates deleted,
    kept in the history), accepted, one session recorded, the next one booked, the record edited, looked at, and
    changed in the admin."""
    with acting_as(user) as request:
        intake, created = intakes.intake_create(
            user=user,
            data=intakes.IntakeInput(
                regions={"lower-back": 7, "hip-buttock": 4},
                overall_pain=6,
                duration_months=18,
                factors=["prolonged-sitting"],
                answers=answered({"lower-back": 7, "hip-buttock": 4}, ["blood-thinners"]),
                notes=notes,
                start=None,
                submission_key=uuid.uuid4(),
            ),
            today=timezone.localdate(),
            client_fields={
                "first_name": first_name,
                "last_name": last_name,
                "date_of_birth": datetime.date(1980, 4, 1),
                "preferred_language": "de",
            },
        )
        assert created
        client = intake.client
        _, token = questionnaires.questionnaire_create(client=client, by=user)
        questionnaires.questionnaire_submit(
            token=token,
            answers={"contact": {"first_name": first_name, "last_name": last_name}, "regions": {"neck": 3}},
        )
        plan = intake.plans.get()
        plans.plan_reschedule(plan=plan, cycle_length=plan.cycle_length - 1)
        numbness = findings.finding_record(
            client=client, contraindication=Contraindication.objects.get(slug="numbness"), user=user
        )
        findings.clearance_record(
            client=client,
            user=user,
            cleared_on=timezone.localdate(),
            note="Dr. Weber",
            findings=[numbness.pk],
        )
        plans.plan_accept(plan=plan, user=user)
        sessions.session_record(
            user=user,
            client=client,
            planned=plan.sessions.get(kind="cycle", number=1),
            data=session_input(
                feedback=f"{notes}: lockerer",
                subjective="Zieht beim Bücken",
                muscles=[("quadratus-lumborum", "right", "2 aktive TrP")],
                regions={"lower-back": 5},
            ),
        )
        Appointment(
            therapist=user,
            client=client,
            start=timezone.now() + datetime.timedelta(days=3),
            planned_session=plan.sessions.get(kind="cycle", number=2),
        ).save()
        clients.client_update(client=client, phone="+49 30 1234567", email="kunde@example.org")
        audit.record_access(request, client, AccessLogEntry.Action.VIEW)
    LogEntry.objects.log_actions(user.pk, [client], CHANGE, change_message="Telefon geändert")
    return client


@pytest.fixture
def lena(db):
    return make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")


@pytest.fixture
def hostile_client(lena) -> Client:
    first, last = HOSTILE.split(" ", 1)
    return build_client(lena, first_name=first, last_name=last, notes=f"Notiz zu {HOSTILE}")


@pytest.fixture
def other_client(db) -> Client:
    tobias = make_user("tobias", role=roles.THERAPIST)
    return build_client(tobias, first_name="Zofia", last_name="Nowak", notes="Nur-für-Zofia")


@pytest.fixture
def export(hostile_client, other_client) -> dict:
    return privacy_export.client_export(hostile_client)


# --- (a) completeness -----------------------------------------------------------------------------


def test_every_model_with_a_chain_to_client_is_walked():
    expected = set(models_with_chains())
    assert expected >= CLIENT_MODELS  # the independent walk finds what it must (also related_name="+")
    covered = records.related_models()
    assert expected <= covered, (
        f"missing from the export: {sorted(m._meta.label for m in expected - covered)}"
    )
    assert Client not in covered
    assert not any(issubclass(model, HistoricalChanges) for model in covered)
    assert not any(
        model.__module__ in ("triggerfinder.models.knowledge", "triggerfinder.models.contraindications")
        for model in covered
    )


@isolate_apps("tests")
def test_the_walk_picks_up_models_added_later_hidden_or_not():
    class Row(models.Model):
        class Meta:
            abstract = True
            app_label = "tests"

        def __str__(self) -> str:
            return str(self.pk)

    class Root(Row):
        pass

    class Consent(Row):  # a model added later, with a hidden relation
        root = models.ForeignKey(Root, on_delete=models.CASCADE, related_name="+")

    class Detail(Row):  # one level further, one-to-one, pointing at itself too
        consent = models.OneToOneField(Consent, on_delete=models.CASCADE, related_name="+")
        previous = models.ForeignKey("self", null=True, on_delete=models.SET_NULL, related_name="+")

    class Unrelated(Row):
        pass

    assert records.related_models(Root) == {Consent, Detail}


# --- (b) every row of the client, (c) nothing of anyone else ---------------------------------------


@pytest.mark.django_db
def test_every_row_of_the_client_is_exported(hostile_client, export):
    chains = models_with_chains()
    for model in CLIENT_MODELS:
        assert ids_of(hostile_client, model, chains[model]), f"fixture has no {model._meta.label}"
    for model, paths in chains.items():
        rows = export["related"][model._meta.label]
        ids = exported_ids(rows, model)
        assert len(ids) == len(set(ids)) == len(ids_of(hostile_client, model, paths)), model._meta.label
        assert set(ids) == ids_of(hostile_client, model, paths), model._meta.label
    assert set(export["related"]) == {model._meta.label for model in records.related_models()}
    client_row = export["client"]
    assert {field.name for field in Client._meta.concrete_fields} == set(client_row)
    assert client_row["id"] == hostile_client.pk and client_row["phone"] == "+49 30 1234567"


@pytest.mark.django_db
def test_values_are_slugs_user_names_iso_dates_and_strings(hostile_client, export):
    related = export["related"]
    assert export["format"] == "triggerfinder-client-export" and export["version"] == 1
    assert export["client"]["therapist"] == "lena" and export["client"]["date_of_birth"] == "1980-04-01"
    assert {(r["region"], r["intensity"]) for r in related["triggerfinder.IntakeRegion"]} == {
        ("lower-back", 7),
        ("hip-buttock", 4),
    }
    assert [r["factor"] for r in related["triggerfinder.IntakeFactor"]] == ["prolonged-sitting"]
    assert [r["contraindication"] for r in related["triggerfinder.IntakeContraindication"]] == [
        "blood-thinners"
    ]
    (intake,) = related["triggerfinder.Intake"]
    assert intake["recorded_by"] == intake["consent_recorded_by"] == "lena"
    assert intake["client"] == hostile_client.pk
    assert datetime.datetime.fromisoformat(intake["recorded_at"]).tzinfo is not None
    assert str(uuid.UUID(intake["submission_key"])) == intake["submission_key"]
    (session,) = related["triggerfinder.TreatmentSession"]
    assert session["therapist"] == "lena" and session["feedback"].endswith(": lockerer")
    assert [(m["muscle"], m["side"]) for m in related["triggerfinder.TreatedMuscle"]] == [
        ("quadratus-lumborum", "right")
    ]
    assert all(focus["muscle"] for focus in related["triggerfinder.PlanFocusMuscle"])
    assert [entry["action"] for entry in related["triggerfinder.AccessLogEntry"]] == ["view"]


@pytest.mark.django_db
def test_the_admin_log_about_the_client_is_exported(hostile_client, export):
    rows = export["related"]["admin.LogEntry"]
    assert [(r["object_repr"], r["content_type"], r["user"]) for r in rows] == [
        (HOSTILE, "triggerfinder.client", "lena")
    ]
    assert rows[0]["change_message"] == "Telefon geändert"


@pytest.mark.django_db
def test_another_clients_data_never_appears(hostile_client, other_client, export):
    text = json.dumps(export, ensure_ascii=False)
    assert "Zofia" not in text and "Nowak" not in text and "tobias" not in text
    for model, paths in models_with_chains().items():
        theirs = ids_of(other_client, model, paths)
        assert not theirs & set(exported_ids(export["related"][model._meta.label], model)), model._meta.label
    for label, rows in export["history"].items():
        model = apps.get_model(label)
        history = model.history.model
        pk_name = model._meta.pk.name
        theirs = (
            {other_client.pk} if model is Client else ids_of(other_client, model, models_with_chains()[model])
        )
        their_history = set(history.objects.filter(**{f"{pk_name}__in": theirs}).values_list("pk", flat=True))
        assert not their_history & set(history_ids(rows)), label
    assert privacy_export.client_export(other_client)["client"]["last_name"] == "Nowak"


# --- (d) JSON -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_json_round_trips_with_the_exact_name(hostile_client):
    text = privacy_export.client_export_json(hostile_client)
    assert "Öztürk & Söhne <GmbH>" in text and "\\u" not in text  # ensure_ascii=False, nothing escaped
    data = json.loads(text)
    assert f"{data['client']['first_name']} {data['client']['last_name']}" == HOSTILE
    assert data["related"]["triggerfinder.Intake"][0]["notes"] == f"Notiz zu {HOSTILE}"
    assert json.loads(json.dumps(data)) == data


# --- (e) history ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_history_is_included_with_the_user(hostile_client, export):
    history = export["history"]
    assert set(history) == {"triggerfinder.Client"} | {
        model._meta.label for model in CLIENT_MODELS if model is not AccessLogEntry
    }
    client_rows = history["triggerfinder.Client"]
    assert [row["history_type"] for row in client_rows] == ["+", "~"]
    assert {row["history_user"] for row in client_rows} == {"lena"}
    assert client_rows[0]["phone"] == "" and client_rows[1]["phone"] == "+49 30 1234567"
    assert client_rows[0]["last_name"] == "Öztürk & Söhne <GmbH>"
    assert datetime.datetime.fromisoformat(client_rows[0]["history_date"]).tzinfo is not None
    for label, rows in history.items():
        model = apps.get_model(label)
        assert rows, label
        assert all(row["history_user"] == "lena" for row in rows), label
        live = {row[model._meta.pk.name] for row in export["related"].get(label, [export["client"]])}
        expected = model.history.model.objects.filter(**{f"{model._meta.pk.name}__in": live})
        assert set(expected.values_list("pk", flat=True)) <= set(history_ids(rows)), label


@pytest.mark.django_db
def test_history_keeps_rows_that_were_deleted(hostile_client, export):
    """Rescheduling replaced the proposed dates; the old ones live on only in the history."""
    plans = TreatmentPlan.objects.filter(client=hostile_client).values_list("pk", flat=True)
    historical = PlannedSession.history.model.objects.filter(plan_id__in=list(plans))
    deleted = set(historical.filter(history_type="-").values_list("pk", flat=True))
    assert deleted
    rows = export["history"]["triggerfinder.PlannedSession"]
    assert set(historical.values_list("pk", flat=True)) == set(history_ids(rows))
    live = {row["id"] for row in export["related"]["triggerfinder.PlannedSession"]}
    assert {row["id"] for row in rows if row["history_id"] in deleted}.isdisjoint(live)


# --- (f) PDF --------------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.django_db
def test_pdf_shows_the_exact_name_and_headings_in_the_language(hostile_client):
    german = privacy_pdf.client_export_pdf(hostile_client, "de")
    english = privacy_pdf.client_export_pdf(hostile_client, "en")
    assert german.startswith(b"%PDF") and english.startswith(b"%PDF")
    text_de, text_en = pdf_text(german), pdf_text(english)
    for text in (text_de, text_en):
        assert HOSTILE in text
        assert "last_name: Öztürk & Söhne <GmbH>" in text and "region: lower-back" in text
        assert "(triggerfinder.IntakeFactor)" in text and "history_user: lena" in text
    assert "Aufnahmen (triggerfinder.Intake)" in text_de and "Seite 1" in text_de
    assert "Intakes (triggerfinder.Intake)" in text_en and "Page 1" in text_en
    assert "Change history" in text_en


# --- (g) determinism ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_is_the_same_twice_apart_from_the_time(hostile_client, other_client):
    first = privacy_export.client_export(hostile_client)
    second = privacy_export.client_export(hostile_client)
    assert first.pop("exported_at") and second.pop("exported_at")
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert list(first["related"]) == sorted(first["related"])
    for label, rows in first["related"].items():
        ids = exported_ids(rows, apps.get_model(label))
        assert ids == sorted(ids), label
    for label, rows in first["history"].items():
        assert history_ids(rows) == sorted(history_ids(rows)), label


# --- the pages that serve it ----------------------------------------------------------------------


@pytest.mark.django_db
def test_export_pages_serve_json_and_pdf(client, lena, hostile_client):
    client.force_login(lena)
    response = client.get(reverse("triggerfinder:client-export-json", args=[hostile_client.pk]))
    assert response.status_code == 200
    assert json.loads(response.content)["client"]["last_name"] == "Öztürk & Söhne <GmbH>"
    response = client.get(reverse("triggerfinder:client-export-pdf", args=[hostile_client.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
