"""The appointment book in the admin (issue 17): the practice lead edits working hours, absences,
closing days and rooms there, with history and the edit-conflict rule; appointments are shown,
never added, changed or deleted there; therapists reach none of it."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.contrib.auth.models import Permission

from tests.conftest import login_verified, make_client, make_user
from tests.test_appointments_views import MONDAY, at, book, open_all_week
from triggerfinder.models import Absence, AccessLogEntry, Appointment, ClosingDay, Room, WorkingHours
from triggerfinder.security import roles

SETTINGS = [WorkingHours, Absence, ClosingDay, Room]


def url(model, suffix: str = "") -> str:
    return f"/admin/triggerfinder/{model._meta.model_name}/{suffix}"


@pytest.fixture
def lead_user(db):
    return make_user(
        "miriam", role=roles.PRACTICE_LEAD, is_staff=True, first_name="Miriam", last_name="Vogel"
    )


@pytest.fixture
def lead_admin(client, lead_user):
    login_verified(client, lead_user)
    return client


@pytest.fixture
def records(therapist):
    return {
        WorkingHours: WorkingHours.objects.create(
            therapist=therapist, weekday=0, start=time(8), end=time(12)
        ),
        Absence: Absence.objects.create(
            therapist=therapist, start=at(MONDAY, 8), end=at(date(2026, 3, 6), 18), note="Kur"
        ),
        ClosingDay: ClosingDay.objects.create(date=date(2026, 12, 24), reason="Heiligabend"),
        Room: Room.objects.create(name="Raum 1"),
    }


def hours_form(therapist, start: str, end: str, weekday: int = 0, **extra) -> dict:
    return {"therapist": therapist.pk, "weekday": weekday, "start": start, "end": end, **extra}


@pytest.mark.django_db
class TestThePracticeLead:
    @pytest.mark.parametrize("model", SETTINGS, ids=lambda m: m.__name__)
    def test_lists_adds_and_changes_each_kind(self, lead_admin, records, model):
        assert lead_admin.get(url(model)).status_code == 200
        assert lead_admin.get(url(model, "add/")).status_code == 200
        page = lead_admin.get(url(model, f"{records[model].pk}/change/"))
        assert page.status_code == 200 and 'name="_save"' in page.text
        assert lead_admin.get(url(model, f"{records[model].pk}/history/")).status_code == 200

    def test_the_role_grants_these_and_no_change_to_appointments(self, lead_user):
        for model in ["workinghours", "absence", "closingday", "room"]:
            for action in ["view", "add", "change", "delete"]:
                assert lead_user.has_perm(f"triggerfinder.{action}_{model}")
        assert lead_user.has_perm("triggerfinder.view_appointment")
        assert not any(
            lead_user.has_perm(f"triggerfinder.{action}_appointment")
            for action in ["add", "change", "delete"]
        )

    def test_adds_working_hours(self, lead_admin, therapist):
        response = lead_admin.post(url(WorkingHours, "add/"), hours_form(therapist, "09:00", "12:00"))
        assert response.status_code == 302
        hours = WorkingHours.objects.get(therapist=therapist)
        assert (hours.start, hours.end) == (time(9), time(12))
        assert hours.history.count() == 1

    def test_only_therapists_are_offered(self, lead_admin, therapist, knowledge_editor):
        offered = lead_admin.get(url(WorkingHours, "add/")).context["adminform"].form.fields["therapist"]
        assert therapist in offered.queryset and knowledge_editor not in offered.queryset
        refused = lead_admin.post(url(WorkingHours, "add/"), hours_form(knowledge_editor, "09:00", "12:00"))
        assert refused.status_code == 200 and not WorkingHours.objects.exists()


@pytest.mark.django_db
class TestBadInput:
    """The models' rules (``clean``) show on the form, with what was typed kept; never a 500."""

    def test_working_hours_that_end_before_they_start(self, lead_admin, therapist):
        response = lead_admin.post(url(WorkingHours, "add/"), hours_form(therapist, "12:00", "09:00"))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert list(errors) == ["end"]
        assert 'value="12:00"' in response.text and 'value="09:00"' in response.text
        assert not WorkingHours.objects.exists()

    def test_overlapping_working_hours_of_one_therapist(self, lead_admin, therapist, other_therapist):
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(8), end=time(12))
        response = lead_admin.post(url(WorkingHours, "add/"), hours_form(therapist, "11:00", "14:00"))
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
        assert WorkingHours.objects.count() == 1
        # Another day, or another therapist the same hours, is fine.
        assert (
            lead_admin.post(url(WorkingHours, "add/"), hours_form(therapist, "11:00", "14:00", 1)).status_code
            == 302
        )
        assert (
            lead_admin.post(
                url(WorkingHours, "add/"), hours_form(other_therapist, "11:00", "14:00")
            ).status_code
            == 302
        )

    def test_changing_hours_into_an_overlap_is_refused(self, lead_admin, therapist):
        WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(8), end=time(12))
        later = WorkingHours.objects.create(therapist=therapist, weekday=0, start=time(13), end=time(18))
        response = lead_admin.post(
            url(WorkingHours, f"{later.pk}/change/"),
            hours_form(therapist, "11:30", "18:00", version=later.version),
        )
        assert response.status_code == 200 and response.context["adminform"].form.non_field_errors()
        later.refresh_from_db()
        assert later.start == time(13)

    def test_an_absence_that_ends_before_it_starts(self, lead_admin, therapist):
        form = {
            "therapist": therapist.pk,
            "kind": "holiday",
            "start_0": "2026-03-06",
            "start_1": "08:00",
            "end_0": "2026-03-02",
            "end_1": "18:00",
            "note": "<b>Urlaub</b>",
        }
        response = lead_admin.post(url(Absence, "add/"), form)
        assert response.status_code == 200
        assert list(response.context["adminform"].form.errors) == ["end"]
        assert "<b>Urlaub</b>" not in response.text and "&lt;b&gt;Urlaub&lt;/b&gt;" in response.text
        assert not Absence.objects.exists()

    def test_a_second_closing_day_on_the_same_date(self, lead_admin, records):
        response = lead_admin.post(url(ClosingDay, "add/"), {"date": "2026-12-24", "reason": "again"})
        assert response.status_code == 200 and list(response.context["adminform"].form.errors) == ["date"]
        assert ClosingDay.objects.count() == 1

    def test_a_save_based_on_an_old_version_is_refused(self, lead_admin, records):
        room = records[Room]
        stale = room.version
        room.name = "Raum A"
        room.save()
        response = lead_admin.post(
            url(Room, f"{room.pk}/change/"), {"name": "Raum B", "active": "on", "version": stale}
        )
        assert response.status_code == 200 and response.context["adminform"].form.non_field_errors()
        room.refresh_from_db()
        assert room.name == "Raum A"


@pytest.mark.django_db
def test_the_history_page_lists_a_change(lead_admin, records):
    room = records[Room]
    changed = lead_admin.post(
        url(Room, f"{room.pk}/change/"), {"name": "Behandlungsraum Süd", "version": room.version}
    )
    assert changed.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.active) == ("Behandlungsraum Süd", False)
    entries = room.history.order_by("history_date")
    assert [entry.name for entry in entries] == ["Raum 1", "Behandlungsraum Süd"]
    assert entries.last().history_user.username == "miriam"
    page = lead_admin.get(url(Room, f"{room.pk}/history/"))
    assert page.status_code == 200
    assert "Behandlungsraum Süd" in page.text and "miriam" in page.text
    assert f"/history/{entries.first().history_id}/" in page.text  # the earlier version, to look at


@pytest.mark.django_db
class TestTherapists:
    @pytest.mark.parametrize("model", [*SETTINGS, Appointment], ids=lambda m: m.__name__)
    def test_a_staff_therapist_is_refused(self, client, records, model):
        staff = make_user("nina", role=roles.THERAPIST, is_staff=True)
        login_verified(client, staff)
        assert client.get(url(model)).status_code == 403
        assert client.get(url(model, "add/")).status_code == 403
        if model in records:
            assert client.get(url(model, f"{records[model].pk}/change/")).status_code == 403

    def test_a_therapist_who_is_not_staff_is_refused(self, client, therapist):
        login_verified(client, therapist)
        assert client.get(url(WorkingHours), follow=True).status_code == 403
        response = client.post(
            url(WorkingHours, "add/"), hours_form(therapist, "06:00", "22:00"), follow=True
        )
        assert response.status_code == 403 and not WorkingHours.objects.exists()


@pytest.fixture
def appointment(therapist):
    open_all_week(therapist)
    return book(therapist, make_client(therapist, last_name="Terminiert"), at(MONDAY, 9))


@pytest.mark.django_db
class TestAppointments:
    def test_listed_and_shown_with_history_never_added_changed_or_deleted(self, lead_admin, appointment):
        listing = lead_admin.get(url(Appointment))
        assert listing.status_code == 200 and "Terminiert" in listing.text
        assert lead_admin.get(url(Appointment, "add/")).status_code == 403
        page = lead_admin.get(url(Appointment, f"{appointment.pk}/change/"))
        assert page.status_code == 200 and "Terminiert" in page.text
        assert 'name="_save"' not in page.text and 'name="status"' not in page.text
        posted = lead_admin.post(
            url(Appointment, f"{appointment.pk}/change/"), {"status": "cancelled-practice", "version": 1}
        )
        assert posted.status_code == 403
        assert (
            lead_admin.post(url(Appointment, f"{appointment.pk}/delete/"), {"post": "yes"}).status_code == 403
        )
        assert lead_admin.get(url(Appointment, f"{appointment.pk}/history/")).status_code == 200
        entry = appointment.history.latest().history_id
        assert lead_admin.get(url(Appointment, f"{appointment.pk}/history/{entry}/")).status_code == 200
        reverted = lead_admin.post(url(Appointment, f"{appointment.pk}/history/{entry}/"), {"status": "done"})
        assert reverted.status_code == 403
        appointment.refresh_from_db()
        assert appointment.status == "booked" and appointment.version == 1

    def test_filters_and_the_date_hierarchy_answer(self, lead_admin, appointment, therapist):
        for query in [
            "?status__exact=booked",
            f"?therapist__id__exact={therapist.pk}",
            "?start__year=2026&start__month=3",
            "?q=Terminiert",
        ]:
            response = lead_admin.get(url(Appointment, query))
            assert response.status_code == 200 and "Terminiert" in response.text, query
        assert "Terminiert" not in lead_admin.get(url(Appointment, "?status__exact=done")).text

    def test_looking_at_one_is_in_the_access_log(self, lead_admin, appointment, lead_user):
        lead_admin.get(url(Appointment, f"{appointment.pk}/change/"))
        assert AccessLogEntry.objects.filter(
            user=lead_user, client=appointment.client, action=AccessLogEntry.Action.ADMIN
        ).exists()

    def test_one_granted_the_view_sees_only_the_appointments_the_app_shows_them(
        self, client, appointment, other_therapist
    ):
        """Should an admin grant a therapist the view: their own appointments of their own clients,
        as in the app's appointment book; another's is "does not exist"."""
        open_all_week(other_therapist)
        theirs = book(other_therapist, make_client(other_therapist, last_name="Fremd"), at(MONDAY, 10))
        other_therapist.is_staff = True
        other_therapist.save()
        other_therapist.user_permissions.add(Permission.objects.get(codename="view_appointment"))
        login_verified(client, other_therapist)
        listing = client.get(url(Appointment))
        assert listing.status_code == 200 and "Fremd" in listing.text and "Terminiert" not in listing.text
        assert client.get(url(Appointment, f"{theirs.pk}/change/")).status_code == 200
        hidden = client.get(url(Appointment, f"{appointment.pk}/change/"), follow=True)
        assert "Terminiert" not in hidden.text
        assert client.get(url(Appointment, f"{appointment.pk}/history/")).status_code == 404
