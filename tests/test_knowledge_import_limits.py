"""Crafted knowledge files are answered with the list of problems, never a 500, and change nothing
(docs/security.md, C7)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login_verified
from triggerfinder.core.bounds import KNOWLEDGE_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES
from triggerfinder.models import BodyRegion
from triggerfinder.services.knowledge.export import knowledge_export

IMPORT = "/admin/triggerfinder/muscle/import/"


def post(client, raw: bytes):
    upload = SimpleUploadedFile("kb.json", raw, content_type="application/json")
    return client.post(IMPORT, {"file": upload, "reset": "on"})


def regions_of(document: dict) -> dict:
    return {region["slug"]: region for region in document["regions"]}


def self_parent(document: dict) -> None:
    regions_of(document)["lower-back"]["parent"] = "lower-back"


def parent_cycle(document: dict) -> None:
    regions = regions_of(document)
    regions["lower-back"]["parent"], regions["neck"]["parent"] = "neck", "lower-back"


def duplicate_slug(document: dict) -> None:
    document["stretches"].append(dict(document["stretches"][0]))


def wrong_type(document: dict) -> None:
    document["stretches"][0]["hold_seconds"] = {"seconds": 30}


def slug_not_text(document: dict) -> None:
    document["perpetuating_factors"][0]["slug"] = ["a", "b"]


def referrals_not_objects(document: dict) -> None:
    document["muscles"][0]["referrals"] = ["neck"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("craft", "problem"),
    [
        (self_parent, "lower-back → lower-back"),
        (parent_cycle, "lead back to itself"),
        (duplicate_slug, "duplicate slug"),
        (wrong_type, "hold_seconds: must be a single value"),
        (slug_not_text, "slug that is a text"),
        (referrals_not_objects, "referrals must be a list of objects"),
    ],
)
def test_a_crafted_document_is_refused_with_its_problem(client, knowledge_editor, craft, problem):
    login_verified(client, knowledge_editor)
    before = knowledge_export()
    document = knowledge_export()
    craft(document)
    response = post(client, json.dumps(document).encode())
    assert response.status_code == 200
    assert any(p in response.text for p in problem.split("|")), response.text[-2000:]
    assert knowledge_export() == before
    assert BodyRegion.objects.get(slug="lower-back").parent_id != BodyRegion.objects.get(slug="lower-back").pk


@pytest.mark.django_db
def test_deep_nesting_is_refused(client, knowledge_editor):
    login_verified(client, knowledge_editor)
    for depth in (20, 100_000):  # the second breaks Python's JSON parser by recursion
        response = post(client, b'{"format": ' + b"[" * depth + b"]" * depth + b"}")
        assert response.status_code == 200 and "levels deep" in response.text


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(client, knowledge_editor):
    login_verified(client, knowledge_editor)
    response = post(client, b" " * (MAX_DOCUMENT_BYTES + 1) + b"{}")
    assert response.status_code == 200 and "larger than" in response.text
