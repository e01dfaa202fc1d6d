"""selectors.findings: one finding of a visible client, a contraindication as stored."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.conftest import make_client
from triggerfinder.models import Contraindication
from triggerfinder.selectors.clients import HiddenRecordError
from triggerfinder.selectors.findings import contraindication_get, finding_get
from triggerfinder.services import findings

pytestmark = pytest.mark.django_db


def test_finding_get_for_its_therapist_only(therapist, other_therapist):
    client = make_client(therapist)
    finding = findings.finding_record(
        client=client, contraindication=Contraindication.objects.get(slug="fever"), user=therapist
    )
    found = finding_get(user=therapist, pk=finding.pk)
    assert found == finding and found.client == client
    with pytest.raises(HiddenRecordError):
        finding_get(user=other_therapist, pk=finding.pk)


def test_contraindication_get_by_slug_or_404():
    assert contraindication_get("fever").slug == "fever"
    with pytest.raises(Http404):
        contraindication_get("no-such-finding")
