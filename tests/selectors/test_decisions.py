"""selectors.decisions: the safety gate's inputs, read from the rows as they are now."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import make_client
from tests.selectors.records import backdate, new_intake
from triggerfinder.models import Contraindication
from triggerfinder.selectors.decisions import (
    annotate_decisions,
    areas,
    client_clearances,
    client_decision,
    client_decisions,
    client_screening,
    latest_intake,
    screening_findings,
    unanswered_questions,
)
from triggerfinder.services import findings

pytestmark = pytest.mark.django_db


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


def record(client, slug: str, user):
    return findings.finding_record(
        client=client, contraindication=Contraindication.objects.get(slug=slug), user=user
    )


def test_latest_intake(therapist):
    client = make_client(therapist)
    assert latest_intake(client) is None
    first = new_intake(therapist, client)
    backdate(first, 5)
    second = new_intake(therapist, client)
    assert latest_intake(client) == second


def test_the_screening_is_the_latest_intake_and_what_came_since(therapist):
    first = new_intake(therapist, yes=["blood-thinners"])
    backdate(first, 5)
    client = first.client
    old = list(screening_findings(client))
    assert [f.contraindication.slug for f in old] == ["blood-thinners"]
    new_intake(therapist, client)  # a new intake: a new screening
    assert ids(screening_findings(client)) == []
    since = record(client, "fever", therapist)
    assert ids(screening_findings(client)) == [since.pk]
    # Asked about the first intake: its findings and every one recorded since it, newest first.
    assert ids(screening_findings(client, first)) == [since.pk, *ids(old)]


def test_a_red_flag_blocks_until_a_clearance_covers_it(therapist):
    client = new_intake(therapist, yes=["numbness"]).client
    decision, rows = client_screening(client)
    assert decision.blocked and [row.contraindication.slug for row in rows] == ["numbness"]
    assert [f.key for f in decision.uncovered] == ids(rows)
    findings.clearance_record(
        client=client, user=therapist, cleared_on=timezone.localdate(), note="Dr. A", findings=ids(rows)
    )
    assert [c.findings.count() for c in client_clearances(client)] == [1]
    assert not client_decision(client).blocked


def test_a_clear_client(therapist):
    client = new_intake(therapist).client
    decision = client_decision(client)
    assert not decision.blocked and decision.level == "clear"


def test_client_decisions_agree_with_client_decision_on_the_badge(therapist):
    flagged = new_intake(therapist, yes=["numbness"], last_name="A").client
    clear = new_intake(therapist, last_name="B").client
    empty = make_client(therapist, last_name="C")
    # An earlier intake's red flag no longer counts; a finding recorded since the latest one does.
    earlier = new_intake(therapist, yes=["numbness"], last_name="D")
    backdate(earlier, 5)
    moved_on = earlier.client
    new_intake(therapist, moved_on)
    record(moved_on, "fever", therapist)
    # A finding without any intake counts.
    loose = make_client(therapist, last_name="E")
    record(loose, "numbness", therapist)
    clients = (flagged, clear, empty, moved_on, loose)
    found = client_decisions(clients)
    assert set(found) == {client.pk for client in clients}
    for client in clients:
        one = client_decision(client)
        assert (found[client.pk].level, found[client.pk].blocked) == (one.level, one.blocked)
    assert (found[moved_on.pk].level, found[moved_on.pk].blocked) == ("postpone", False)
    assert found[loose.pk].blocked
    assert client_decisions([]) == {}


def test_annotate_decisions_sets_each_clients_decision(therapist):
    flagged = new_intake(therapist, yes=["numbness"]).client
    (row,) = annotate_decisions([flagged])
    assert row.pk == flagged.pk and row.decision.blocked


def test_areas_are_the_top_level_regions_of_the_painful_ones(therapist):
    intake = new_intake(therapist, regions={"leg-lateral-thigh": 5, "neck": 3})
    assert areas(intake) == frozenset({"leg", "neck"})
    assert areas(None) == frozenset()


def test_an_intake_answered_question_by_question_leaves_none_open(therapist):
    assert unanswered_questions(new_intake(therapist)) == ()
    assert unanswered_questions(None) == ()
