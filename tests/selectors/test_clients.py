"""selectors.clients: who sees which client, the lists, one client, intakes and progress."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from tests.conftest import make_client
from tests.selectors.records import accepted, backdate, held, new_intake
from triggerfinder.models import Client, TreatmentSession
from triggerfinder.selectors.clients import (
    HiddenRecordError,
    client_get,
    client_intakes,
    client_list,
    client_progress,
    clients_by_id,
    clients_exist,
    clients_with_sessions_on,
    first_intake,
    intake_regions,
    recent_clients,
    visible_clients,
    visible_or_404,
)

pytestmark = pytest.mark.django_db


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


class TestVisibility:
    def test_a_therapist_sees_own_clients_a_lead_sees_all(self, therapist, other_therapist, lead):
        mine = make_client(therapist)
        theirs = make_client(other_therapist)
        assert ids(visible_clients(therapist)) == [mine.pk]
        assert set(ids(visible_clients(lead))) == {mine.pk, theirs.pk}

    def test_visible_clients_keep_restricted_records(self, therapist):
        restricted = make_client(therapist, restricted_at=timezone.now())
        assert ids(visible_clients(therapist)) == [restricted.pk]

    def test_visible_or_404_tells_hidden_from_missing(self, therapist, other_therapist):
        mine = make_client(therapist)
        theirs = make_client(other_therapist)
        assert visible_or_404(visible_clients(therapist), mine.pk) == mine
        with pytest.raises(HiddenRecordError):
            visible_or_404(visible_clients(therapist), theirs.pk)
        with pytest.raises(Http404) as missing:
            visible_or_404(visible_clients(therapist), theirs.pk + 1000)
        assert not isinstance(missing.value, HiddenRecordError)

    def test_client_get(self, therapist, other_therapist):
        mine = make_client(therapist)
        theirs = make_client(other_therapist)
        assert client_get(user=therapist, pk=mine.pk) == mine
        with pytest.raises(HiddenRecordError):
            client_get(user=therapist, pk=theirs.pk)


class TestLists:
    def test_client_list_by_name_without_restricted_or_others(self, therapist, other_therapist):
        zoe = make_client(therapist, first_name="Zoe", last_name="Zander")
        anna = make_client(therapist, first_name="Anna", last_name="Albers")
        make_client(therapist, last_name="Albers", restricted_at=timezone.now())
        make_client(other_therapist, last_name="Albers")
        assert ids(client_list(user=therapist)) == [anna.pk, zoe.pk]

    def test_client_list_query_matches_every_term(self, therapist):
        anna = make_client(therapist, first_name="Anna", last_name="Albers", email="anna@example.org")
        make_client(therapist, first_name="Anna", last_name="Zander")
        assert ids(client_list(user=therapist, query="anna albers")) == [anna.pk]
        assert ids(client_list(user=therapist, query="EXAMPLE.org")) == [anna.pk]
        assert ids(client_list(user=therapist, query="nobody")) == []

    def test_client_list_carries_the_next_open_appointment(self, therapist):
        waiting = new_intake(therapist, last_name="Proposed").client
        plan = accepted(therapist, new_intake(therapist, last_name="Accepted"))
        rows = {row.pk: row for row in client_list(user=therapist)}
        first = plan.sessions.order_by("date").first().date
        assert rows[plan.client.pk].next_appointment == first
        assert rows[waiting.pk].next_appointment is None

    def test_recent_clients_newest_change_first(self, therapist):
        older = make_client(therapist, last_name="A")
        newer = make_client(therapist, last_name="B")
        Client.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))
        assert ids(recent_clients(user=therapist)) == [newer.pk, older.pk]
        assert ids(recent_clients(user=therapist, limit=1)) == [newer.pk]

    def test_clients_by_id_only_visible_by_last_name(self, therapist, other_therapist):
        zander = make_client(therapist, last_name="Zander")
        albers = make_client(therapist, last_name="Albers", restricted_at=timezone.now())
        theirs = make_client(other_therapist)
        assert ids(clients_by_id(user=therapist, pks=[zander.pk, albers.pk, theirs.pk])) == [
            albers.pk,
            zander.pk,
        ]

    def test_clients_exist_whoever_sees_them(self, therapist, other_therapist):
        theirs = make_client(other_therapist)
        assert clients_exist([theirs.pk])
        assert not clients_exist([theirs.pk + 1000])

    def test_clients_with_sessions_on_a_day(self, therapist):
        plan = accepted(therapist, new_intake(therapist, last_name="Accepted"))
        new_intake(therapist, last_name="Proposed")  # a proposed plan's dates are no appointments
        day = plan.sessions.order_by("date").first().date
        assert ids(clients_with_sessions_on(user=therapist, day=day)) == [plan.client.pk]
        assert ids(clients_with_sessions_on(user=therapist, day=day - datetime.timedelta(days=1))) == []


class TestIntakes:
    def test_intake_regions_and_first_intake(self, therapist):
        first = new_intake(therapist, regions={"lower-back": 7, "neck": 3})
        backdate(first, 10)
        second = new_intake(therapist, first.client, regions={"neck": 5})
        assert intake_regions(first) == {"lower-back": 7, "neck": 3}
        assert intake_regions(second) == {"neck": 5}
        assert first_intake(first.client) == first
        assert set(ids(client_intakes(first.client))) == {first.pk, second.pk}

    def test_no_intake(self, therapist):
        assert first_intake(make_client(therapist)) is None


class TestProgress:
    def test_without_intake_or_sessions(self, therapist):
        progress = client_progress(make_client(therapist), today=timezone.localdate())
        assert progress["intake"] is None and progress["baseline"] is None
        assert progress["sessions"] == [] and progress["change"] is None
        assert progress["needs_review"] is False and progress["latest"] is None

    def test_sessions_since_the_latest_intake_against_its_pain(self, therapist):
        intake = new_intake(therapist, regions={"lower-back": 7}, pain=8)
        plan = accepted(therapist, intake)
        before = held(plan, therapist, days_ago=40, before=9)  # before the intake: listed, not compared
        backdate(intake, 30)
        early = held(plan, therapist, days_ago=20, before=6)
        late = held(plan, therapist, days_ago=10, before=4)
        progress = client_progress(plan.client, today=timezone.localdate())
        assert progress["intake"] == intake and progress["baseline"] == 8
        assert ids(progress["sessions"]) == [before.pk, early.pk, late.pk]
        assert ids(progress["since_intake"]) == [early.pk, late.pk]
        assert progress["latest"] == late
        assert progress["change"].baseline == 8 and progress["change"].current == 4
        assert progress["intake_regions"] == {"lower-back": 7}
        assert progress["latest_regions"] == {}
        assert TreatmentSession.objects.filter(client=plan.client).count() == 3
