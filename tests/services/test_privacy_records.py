"""``privacy.records``: one definition of a client's records, for the export and the purge alike."""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.conftest import make_user
from tests.test_client_export import CLIENT_MODELS, build_client
from triggerfinder.models import Client, PlannedSession
from triggerfinder.security import roles
from triggerfinder.services.privacy import records
from triggerfinder.services.privacy.export import client_export
from triggerfinder.services.privacy.purge import client_purge


@pytest.fixture
def full_client(db) -> Client:
    """A client with every kind of record: intake, findings, clearance, plans, a session, the
    access log and the admin's log."""
    lena = make_user("lena", role=roles.THERAPIST)
    return build_client(lena, first_name="Erika", last_name="Mustermann", notes="Notiz")


@pytest.fixture
def bystander(db) -> Client:
    tobias = make_user("tobias", role=roles.THERAPIST)
    return build_client(tobias, first_name="Zofia", last_name="Nowak", notes="Nur-für-Zofia")


def exported_rows(export: dict) -> dict[str, set]:
    """Model label -> ids of the rows the export holds; history model label -> history ids."""
    rows = {Client._meta.label: {export["client"]["id"]}}
    for label, found in export["related"].items():
        model = apps.get_model(label)
        if found:
            rows[label] = {row[model._meta.pk.name] for row in found}
    for label, found in export["history"].items():
        history = records.history_model(apps.get_model(label))
        if found:
            rows[history._meta.label] = {row["history_id"] for row in found}
    return rows


def existing(label: str, ids: set) -> set:
    model = apps.get_model(label)
    field = "history_id" if model._meta.pk.name == "history_id" else "pk"
    return set(model._base_manager.filter(**{f"{field}__in": ids}).values_list(field, flat=True))


@pytest.mark.django_db
def test_the_client_has_every_kind_of_record(full_client):
    found = records.client_records(full_client)
    assert {model for model in CLIENT_MODELS if found.live[model]} == CLIENT_MODELS
    assert found.live[Client] == {full_client.pk}


@pytest.mark.django_db
def test_export_and_purge_cover_the_same_models_and_rows(full_client, bystander):
    exported = exported_rows(client_export(full_client))
    theirs = client_export(bystander)

    removed = client_purge(client=full_client)

    assert set(removed) == set(exported)
    for label, ids in exported.items():
        assert not existing(label, ids), label
        # What the purge removed is what the export showed, plus the history rows written by
        # the purge's own deletions.
        assert removed[label] >= len(ids), label
    after = client_export(bystander)
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in theirs.items() if k != "exported_at"
    }


@pytest.mark.django_db
def test_the_purge_removes_the_history_of_rows_deleted_before(full_client):
    """Rescheduling deleted the first dates; their history named the client's plan."""
    plans = set(full_client.plans.values_list("pk", flat=True))
    history = PlannedSession.history.model.objects.filter(plan_id__in=plans)
    assert history.filter(history_type="-").exists()
    client_purge(client=full_client)
    assert not history.exists()


@pytest.mark.django_db
def test_the_export_and_the_purge_walk_the_same_models():
    graph = records._graph(Client)
    order = records.deletion_order(graph)
    assert set(order) == {Client, *records.related_models()}
    assert order[-1] is Client


@pytest.mark.django_db
def test_children_are_deleted_before_their_parents():
    graph = records._graph(Client)
    order = records.deletion_order(graph)
    position = {model: index for index, model in enumerate(order)}
    for parent, edges in graph.edges.items():
        for edge in edges:
            if edge.child is not parent:
                assert position[edge.child] < position[parent], (edge.child, parent)


@pytest.mark.django_db
def test_the_records_of_one_client_are_never_another_clients(full_client, bystander):
    mine, theirs = records.client_records(full_client), records.client_records(bystander)
    for model in mine.models:
        assert not mine.live[model] & theirs.live[model], model
        assert not mine.ever[model] & theirs.ever[model], model


def test_the_records_know_every_kind_of_client_record():
    """Every model of the app with a path of foreign keys to Client is one of the records."""
    covered = {Client, *records.related_models()}

    def reaches_client(model, seen=()) -> bool:
        if model is Client:
            return True
        return any(
            reaches_client(field.related_model, (*seen, model))
            for field in model._meta.get_fields()
            if (field.many_to_one or field.one_to_one)
            and field.concrete
            and field.related_model is not None
            and field.related_model not in seen
        )

    for model in apps.get_models():
        mine = model._meta.app_label == "triggerfinder" and not model.__name__.startswith("Historical")
        if mine and reaches_client(model):
            assert model in covered, model
