from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from triggerfinder.models import Client


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_is_idempotent_and_prints_the_log_ins():
    first = seed("--clients", "25", "--force")
    second = seed("--clients", "25", "--force")
    assert "25 created, 25 in total" in first
    assert "0 created, 25 in total" in second
    assert Client.objects.count() == 25
    assert "therapeutin" in first and "admin" in first and "triggerfinder-demo" in first
    assert "Recovery codes" in first
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="therapeutin").has_perm("triggerfinder.view_client")
    assert not users.get(username="therapeutin").has_perm("triggerfinder.view_all_clients")
    assert users.get(username="praxisleitung").has_perm("triggerfinder.view_all_clients")


@pytest.mark.django_db
def test_the_practice_lead_is_staff_and_reaches_the_appointment_books_admin(client):
    seed("--clients", "2", "--intakes", "0", "--force")
    users = get_user_model().objects
    lead = users.get(username="praxisleitung")
    assert lead.is_staff and not lead.is_superuser
    assert lead.has_perm("triggerfinder.change_workinghours")
    assert not users.get(username="therapeutin").is_staff
    client.force_login(lead)
    assert client.get("/admin/triggerfinder/workinghours/").status_code == 200
    assert client.get("/admin/triggerfinder/appointment/").status_code == 200
    # A demo database seeded before she was staff is brought up to date.
    users.filter(pk=lead.pk).update(is_staff=False)
    seed("--clients", "2", "--intakes", "0", "--force")
    assert users.get(pk=lead.pk).is_staff


def printed_codes(output: str) -> dict[str, list[str]]:
    """The recovery codes seed_demo printed, by user name."""
    lines = output.split("Recovery codes", 1)[1].splitlines()[1:]
    return {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}


@pytest.mark.django_db
def test_every_demo_account_gets_printed_recovery_codes_that_log_in(client):
    from clinic.ops.conf import demo_password

    first = seed("--clients", "2", "--intakes", "0", "--force")
    codes = printed_codes(first)
    assert set(codes) == {"therapeutin", "therapeut", "praxisleitung", "wissen", "admin"}
    assert all(len(sheet) == 10 for sheet in codes.values())
    assert printed_codes(seed("--clients", "2", "--intakes", "0", "--force")) == codes  # same sheet
    form = {"username": "therapeutin", "password": demo_password(), "otp_token": codes["therapeutin"][0]}
    assert client.post("/accounts/login/", form)["Location"] == "/"
    assert client.get("/clients/").status_code == 200


@pytest.mark.django_db
def test_seed_grows_to_a_larger_count_and_spreads_clients():
    seed("--clients", "5", "--force")
    assert "10 created, 15 in total" in seed("--clients", "15", "--force")
    therapists = set(Client.objects.values_list("therapist__username", flat=True))
    assert therapists == {"therapeutin", "therapeut"}


@pytest.mark.django_db
def test_names_are_international_and_deterministic():
    seed("--clients", "40", "--intakes", "0", "--force")
    names = " ".join(Client.objects.values_list("last_name", flat=True))
    assert any(ch in names for ch in "äöüßÖŁłıИ")
    first = list(Client.objects.order_by("email").values_list("first_name", "last_name"))
    Client.objects.all().delete()
    seed("--clients", "40", "--intakes", "0", "--force")
    assert list(Client.objects.order_by("email").values_list("first_name", "last_name")) == first


@pytest.mark.django_db
def test_seed_refuses_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed("--clients", "1")


@pytest.mark.django_db
def test_seeded_password_logs_in_alone_in_the_trial_and_not_otherwise(client, settings):
    seed("--clients", "0", "--force")
    form = {"username": "therapeutin", "password": "triggerfinder-demo"}
    assert client.post("/accounts/login/", form).status_code == 200  # the code is missing
    settings.TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False  # as under `make run`
    response = client.post("/accounts/login/", form)
    assert response.status_code == 302
    assert client.get("/clients/").status_code == 200


@pytest.mark.django_db
def test_demo_intakes_and_plans_are_idempotent():
    from triggerfinder.models import Intake, TreatmentPlan

    first = seed("--clients", "12", "--intakes", "10", "--force")
    assert "10 intakes with plans created" in first
    assert "0 intakes with plans created" in seed("--clients", "12", "--intakes", "10", "--force")
    assert Intake.objects.count() == 10
    assert TreatmentPlan.objects.filter(status="accepted").exists()
    assert TreatmentPlan.objects.filter(status="proposed").exists()


@pytest.mark.django_db
def test_treatment_history_for_benchmarks():
    from triggerfinder.models import TreatmentSession

    out = seed("--clients", "30", "--intakes", "0", "--sessions", "95", "--force")
    assert "Recorded sessions: 95 created." in out
    assert "Recorded sessions: 0 created." in seed(
        "--clients", "30", "--intakes", "0", "--sessions", "95", "--force"
    )
    assert TreatmentSession.objects.count() == 95
    assert TreatmentSession.objects.values("client").distinct().count() == 10


@pytest.mark.django_db
def test_several_intakes_per_client_over_the_years_with_consistent_sessions(client):
    from django.db.models import F

    from triggerfinder.models import Intake, PlannedSession, TreatmentPlan, TreatmentSession

    out = seed("--clients", "6", "--intakes", "18", "--sessions", "60", "--force")
    assert "18 intakes with plans created" in out and "Recorded sessions: 60 created." in out
    again = seed("--clients", "6", "--intakes", "18", "--sessions", "60", "--force")
    assert "0 intakes with plans created" in again and "Recorded sessions: 0 created." in again
    assert Intake.objects.count() == TreatmentPlan.objects.count() == 18
    assert set(Intake.objects.values_list("client", flat=True)) == set(
        Client.objects.values_list("pk", flat=True)
    )
    days = sorted({intake.recorded_at.year for intake in Intake.objects.all()})
    assert len(days) >= 2  # spread over the past years
    for demo_client in Client.objects.all():
        # One current plan per client (its latest intake's); the earlier ones are history.
        current = demo_client.plans.filter(status__in=["proposed", "accepted"])
        assert list(current.values_list("intake", flat=True)) == [demo_client.intakes.first().pk]
    sessions = TreatmentSession.objects.select_related("plan__intake", "planned_session")
    assert sessions.count() == 60
    for treatment in sessions:
        assert treatment.plan.client_id == treatment.plan.intake.client_id == treatment.client_id
        assert treatment.held_at > treatment.plan.intake.recorded_at
        assert treatment.planned_session.plan_id == treatment.plan_id
        assert treatment.planned_session.status == "done"
        assert treatment.held_at.date() == treatment.planned_session.date
        assert treatment.plan.status in ("accepted", "completed")
    assert not TreatmentSession.objects.filter(held_at__lt=F("plan__intake__recorded_at")).exists()
    assert not PlannedSession.objects.filter(plan__status="cancelled").exclude(status="cancelled").exists()
    assert TreatmentPlan.objects.filter(status="completed").exists()

    client.force_login(get_user_model().objects.get(username="praxisleitung"))
    busy = sessions.order_by("client").first().client
    assert client.get(f"/clients/{busy.pk}/").status_code == 200
    for plan in busy.plans.all():
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
    assert client.get(f"/clients/{busy.pk}/handout.pdf").status_code == 200
    assert client.get("/outcomes/").status_code == 200


@pytest.mark.django_db
def test_demo_appointments_never_overlap_and_avoid_closed_days_and_absences():
    from django.utils import timezone

    from triggerfinder.models import Absence, Appointment, ClosingDay, Room, WorkingHours
    from triggerfinder.selectors.availability import public_holidays

    out = seed("--clients", "30", "--intakes", "20", "--sessions", "40", "--force")
    assert "appointments booked" in out
    active = list(Appointment.objects.filter(status__in=Appointment.ACTIVE).order_by("start"))
    assert len(active) >= 20
    for index, one in enumerate(active):
        for other in active[index + 1 :]:
            if other.start >= one.end:
                break
            assert one.therapist_id != other.therapist_id, (one, other)
            assert one.room_id is None or one.room_id != other.room_id, (one, other)
    days = [timezone.localtime(a.start).date() for a in active]
    holidays = public_holidays(min(days), max(days))
    closing = set(ClosingDay.objects.values_list("date", flat=True))
    assert not [day for day in days if day in holidays or day in closing]
    for absence in Absence.objects.all():
        assert not Appointment.objects.filter(
            status__in=Appointment.ACTIVE,
            therapist=absence.therapist,
            start__lt=absence.end,
            end__gt=absence.start,
        ).exists()
    assert all(a.room_id for a in active) and Room.objects.count() == 3
    assert Appointment.objects.filter(status="done").exists()
    assert Appointment.objects.filter(status="no-show").exists()
    assert Appointment.objects.filter(status="cancelled-late").exists()
    assert Appointment.objects.filter(status="cancelled-practice").exists()
    assert not Appointment.objects.filter(status="booked", start__lt=timezone.now()).exists()
    today = timezone.localdate()
    for therapist_id in set(WorkingHours.objects.values_list("therapist_id", flat=True)):
        works_today = WorkingHours.objects.filter(therapist_id=therapist_id, weekday=today.weekday())
        if works_today.exists() and today not in holidays and today not in closing:
            on_today = [a for a in active if a.therapist_id == therapist_id and a.start.date() == today]
            absent = Absence.objects.filter(
                therapist_id=therapist_id, start__date__lte=today, end__date__gt=today
            )
            assert on_today or absent.exists()


@pytest.mark.django_db
def test_availability_and_appointments_seed_idempotently():
    from triggerfinder.models import Absence, Appointment, ClosingDay, Room, WorkingHours

    seed("--clients", "12", "--intakes", "10", "--force")
    counts = [m.objects.count() for m in (WorkingHours, Room, ClosingDay, Absence, Appointment)]
    assert counts[0] == 20 and counts[1] == 3 and counts[2] == 4 and counts[3] == 3
    again = seed("--clients", "12", "--intakes", "10", "--force")
    assert "0 absences created" in again
    assert [m.objects.count() for m in (WorkingHours, Room, ClosingDay, Absence)] == counts[:4]
    # Each planned session has at most one active appointment, however often the demo is seeded.
    assert (
        Appointment.objects.filter(status__in=Appointment.ACTIVE, planned_session__isnull=False)
        .values("planned_session")
        .distinct()
        .count()
        == Appointment.objects.filter(status__in=Appointment.ACTIVE, planned_session__isnull=False).count()
    )
    call_command("loaddata", "fixtures/demo_availability.json", verbosity=0)  # by hand, once more
    assert WorkingHours.objects.count() == 20
    late = WorkingHours.objects.get(therapist__username="therapeut", weekday=1, start__hour=13)
    assert late.end.hour == 20
