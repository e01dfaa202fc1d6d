"""Treatment plans: blocked until clearance, changes while proposed, calendar export, access."""

from __future__ import annotations

import re
from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_intake import URL, intake_post
from triggerfinder.models import PlannedSession, TreatmentPlan


def create_plan(http_client, **changes) -> TreatmentPlan:
    response = http_client.post(URL, intake_post(**changes))
    assert response.status_code == 302, response.content[:2000]
    return TreatmentPlan.objects.latest("pk")


def post(http_client, plan, action, data=None, follow=True):
    """Post as someone who has just loaded the plan page (the version the page carries)."""
    data = {"version": TreatmentPlan.objects.get(pk=plan.pk).version, **(data or {})}
    return http_client.post(reverse(f"triggerfinder:plan-{action}", args=[plan.pk]), data, follow=follow)


def clearance_data(plan, **changes):
    """The clearance form as the plan page shows it: every finding that waits for one, ticked."""
    from triggerfinder.selectors import decisions

    waiting = decisions.client_decision(plan.client).uncovered
    return {
        "findings": [f.key for f in waiting],
        "cleared_on": date.today().isoformat(),
        "note": "Dr. Weber: frei",
        **changes,
    }


@pytest.mark.django_db
class TestScreeningGate:
    def test_refer_blocks_accepting_until_clearance(self, therapist_client):
        plan = create_plan(therapist_client, yes=["numbness"])
        page = therapist_client.get(plan.get_absolute_url()).text
        assert 'data-level="refer"' in page and 'data-blocked="true"' in page
        assert "bis eine ärztliche Freigabe jedes Warnzeichen abdeckt" in page
        response = post(therapist_client, plan, "accept")
        assert "Das aktuelle Screening hat ein Warnzeichen ohne ärztliche Freigabe" in response.text
        plan.refresh_from_db()
        assert plan.status == "proposed"

        bad = post(therapist_client, plan, "clearance", clearance_data(plan, cleared_on="2999-01-01"))
        assert "Eine Freigabe kann nicht in der Zukunft liegen." in bad.text
        missing = post(therapist_client, plan, "clearance", clearance_data(plan, note=""))
        assert "Dieses Feld ist zwingend erforderlich." in missing.text
        nothing = post(therapist_client, plan, "clearance", clearance_data(plan, findings=[]))
        assert "Dieses Feld ist zwingend erforderlich." in nothing.text
        stale = post(
            therapist_client,
            plan,
            "clearance",
            clearance_data(plan, cleared_on=(date.today() - timedelta(days=360)).isoformat()),
        )
        assert "vor der Erfassung eines Befunds datiert" in stale.text
        assert not plan.client.clearances.exists()

        post(therapist_client, plan, "clearance", clearance_data(plan))
        post(therapist_client, plan, "accept")
        plan.refresh_from_db()
        assert plan.status == "accepted"
        assert plan.client.clearances.get().note == "Dr. Weber: frei"
        page = therapist_client.get(plan.get_absolute_url()).text
        assert "Freigegeben am" in page and 'data-level="refer"' in page  # the verdict stays visible
        assert 'data-blocked="false"' in page

    def test_emergency_blocks_too(self, therapist_client):
        plan = create_plan(therapist_client, yes=["saddle-numbness"])
        post(therapist_client, plan, "accept")
        plan.refresh_from_db()
        assert plan.status == "proposed"
        page = therapist_client.get(plan.get_absolute_url()).text
        assert 'data-level="emergency"' in page and "Kalender (.ics)" not in page

    def test_postpone_proposes_the_findings_own_later_start(self, therapist_client):
        plan = create_plan(therapist_client, yes=["recent-surgery"])
        assert plan.start_date >= timezone.localdate() + timedelta(days=42)
        post(therapist_client, plan, "accept")
        plan.refresh_from_db()
        assert plan.status == "accepted"

    def test_postpone_cannot_be_moved_earlier(self, therapist_client):
        plan = create_plan(therapist_client, yes=["fever"])
        earliest = timezone.localdate() + timedelta(days=3)
        assert plan.start_date >= earliest
        data = {
            "cycle_length": plan.cycle_length,
            "start_date": timezone.localdate().isoformat(),
            "first_interval_days": 7,
            "weekly_sessions": plan.weekly_sessions,
            "later_interval_days": 14,
            "maintenance_weeks": 6,
            "maintenance_visits": 3,
            "session_time": "09:00",
            "session_minutes": 60,
        }
        refused = post(therapist_client, plan, "reschedule", data, follow=False)
        assert refused.status_code == 200 and "frühestens am" in refused.text
        assert min(plan.sessions.values_list("date", flat=True)) >= earliest
        first = plan.sessions.get(kind="cycle", number=1)
        dates = {f"session-{s.pk}": s.date.isoformat() for s in plan.sessions.all()}
        moved = post(
            therapist_client,
            plan,
            "dates",
            {**dates, f"session-{first.pk}": timezone.localdate().isoformat()},
            follow=False,
        )
        assert "frühestens am" in moved.text
        first.refresh_from_db()
        assert first.date >= earliest

    def test_caution_shows_its_advice(self, therapist_client):
        plan = create_plan(therapist_client, yes=["blood-thinners"])
        page = therapist_client.get(plan.get_absolute_url()).text
        assert 'data-level="caution"' in page and "Nur leichter Druck" in page


@pytest.mark.django_db
class TestChanges:
    def test_reschedule_recalculates_dates(self, therapist_client):
        plan = create_plan(therapist_client)
        start = timezone.localdate() + timedelta(days=7)
        while start.weekday() != 0:
            start += timedelta(days=1)
        data = {
            "cycle_length": 4,
            "start_date": start.isoformat(),
            "first_interval_days": 7,
            "weekly_sessions": 2,
            "later_interval_days": 14,
            "maintenance_weeks": 8,
            "maintenance_visits": 2,
            "session_time": "16:30",
            "session_minutes": 45,
            "notes": "kürzer",
        }
        post(therapist_client, plan, "reschedule", data)
        dates = list(plan.sessions.order_by("date").values_list("kind", "date"))
        assert [d for k, d in dates if k == "cycle"] == [
            start,
            start + timedelta(7),
            start + timedelta(21),
            start + timedelta(35),
        ]
        assert [d for k, d in dates if k == "maintenance"] == [
            start + timedelta(35 + 56),
            start + timedelta(35 + 112),
        ]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"cycle_length": 40}, "kleiner oder gleich 20"),
            ({"session_minutes": 30}, "größer oder gleich 45"),
            ({"weekly_sessions": 15}, "Kann nicht mehr sein als die Sitzungen im Zyklus."),
            ({"maintenance_weeks": 2}, "größer oder gleich 4"),
        ],
    )
    def test_reschedule_refuses_bad_values_and_keeps_the_plan(self, therapist_client, changes, message):
        plan = create_plan(therapist_client)
        before = list(plan.sessions.values_list("date", flat=True))
        data = {
            "cycle_length": 10,
            "start_date": plan.start_date.isoformat(),
            "first_interval_days": 7,
            "weekly_sessions": 5,
            "later_interval_days": 14,
            "maintenance_weeks": 6,
            "maintenance_visits": 3,
            "session_time": "09:00",
            "session_minutes": 60,
            **changes,
        }
        response = post(therapist_client, plan, "reschedule", data, follow=False)
        assert response.status_code == 200 and message in response.text
        assert list(plan.sessions.values_list("date", flat=True)) == before

    def test_move_one_date_but_not_onto_a_sunday(self, therapist_client):
        plan = create_plan(therapist_client)
        session = plan.sessions.get(kind="cycle", number=2)
        data = {f"session-{s.pk}": s.date.isoformat() for s in plan.sessions.all()}
        sunday = session.date + timedelta(days=(6 - session.date.weekday()) or 7)
        refused = post(
            therapist_client,
            plan,
            "dates",
            {**data, f"session-{session.pk}": sunday.isoformat()},
            follow=False,
        )
        assert "An diesem Tag ist die Praxis geschlossen." in refused.text
        tuesday = sunday + timedelta(days=2)
        post(therapist_client, plan, "dates", {**data, f"session-{session.pk}": tuesday.isoformat()})
        session.refresh_from_db()
        assert session.date == tuesday

    def test_accepted_plan_is_kept_as_agreed(self, therapist_client):
        plan = create_plan(therapist_client)
        post(therapist_client, plan, "accept")
        before = list(plan.sessions.values_list("date", flat=True))
        response = post(therapist_client, plan, "reschedule", {"cycle_length": 3})
        assert "Nur ein vorgeschlagener Plan kann geändert werden" in response.text
        assert list(plan.sessions.values_list("date", flat=True)) == before

    def test_a_new_accepted_plan_supersedes_the_old_one_and_keeps_its_history(
        self, therapist_client, therapist
    ):
        first = create_plan(therapist_client)
        post(therapist_client, first, "accept")
        second_response = therapist_client.post(
            reverse("triggerfinder:intake-for-client", args=[first.client.pk]),
            intake_post(**{"client-first_name": None}),
        )
        second = TreatmentPlan.objects.latest("pk")
        assert second_response.status_code == 302 and second != first
        post(therapist_client, second, "accept")
        first.refresh_from_db()
        assert first.status == "cancelled"
        assert not first.sessions.filter(status=PlannedSession.Status.PLANNED).exists()
        assert [h.status for h in first.history.order_by("history_date")] == [
            "proposed",
            "accepted",
            "cancelled",
        ]
        assert first.history.latest().history_user == therapist


@pytest.mark.django_db
class TestCalendar:
    def test_ics_holds_every_date_in_berlin_time(self, therapist_client):
        plan = create_plan(therapist_client)
        post(therapist_client, plan, "accept")
        response = therapist_client.get(reverse("triggerfinder:plan-calendar", args=[plan.pk]))
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = icalendar.Calendar.from_ical(response.content)
        events = [c for c in calendar.walk("VEVENT")]
        assert sorted(e.decoded("DTSTART").date() for e in events) == sorted(
            plan.sessions.values_list("date", flat=True)
        )
        assert all(str(e.decoded("DTSTART").tzinfo) == "Europe/Berlin" for e in events)
        assert all(e.decoded("DTSTART").hour == 9 for e in events)
        assert len({str(e["UID"]) for e in events}) == len(events)
        assert "Triggerpunkt-Behandlung 1 von" in response.content.decode()
        again = therapist_client.get(reverse("triggerfinder:plan-calendar", args=[plan.pk]))

        def without_stamp(body: bytes) -> bytes:
            return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", b"", body)

        # Stable UIDs and SEQUENCE: calendars update, not duplicate; only DTSTAMP (the export's time) moves.
        assert without_stamp(again.content) == without_stamp(response.content)


@pytest.mark.django_db
class TestAccess:
    def test_another_therapists_plan_is_404_by_any_method(self, therapist_client, client, other_therapist):
        plan = create_plan(therapist_client)
        client.force_login(other_therapist)
        assert client.get(plan.get_absolute_url()).status_code == 404
        assert client.get(reverse("triggerfinder:plan-calendar", args=[plan.pk])).status_code == 404
        for action in ["accept", "cancel", "reschedule", "dates", "clearance"]:
            assert post(client, plan, action, follow=False).status_code == 404
        plan.refresh_from_db()
        assert plan.status == "proposed"

    def test_state_changes_need_post(self, therapist_client):
        plan = create_plan(therapist_client)
        assert therapist_client.get(reverse("triggerfinder:plan-accept", args=[plan.pk])).status_code == 405
