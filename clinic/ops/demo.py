"""Demo accounts and synthetic clients for trying the app and for scale benchmarks.

Everything here is invented. Clients are recognised by their ``@example.invalid`` e-mail address
(a reserved domain that can never receive mail), which makes seeding idempotent.
"""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from triggerfinder.conf import conf
from triggerfinder.core import bounds, planning, screening
from triggerfinder.core.slots import free_slots
from triggerfinder.models import (
    Absence,
    Appointment,
    BodyRegion,
    Clearance,
    Client,
    Contraindication,
    Finding,
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    Language,
    Muscle,
    PerpetuatingFactor,
    PlanFocusMuscle,
    PlannedSession,
    Room,
    ScreeningAnswer,
    SessionRegionPain,
    TreatedMuscle,
    TreatmentPlan,
    TreatmentSession,
    WorkingHours,
)
from triggerfinder.security import second_factor
from triggerfinder.security.roles import KNOWLEDGE_EDITOR, PRACTICE_LEAD, THERAPIST, ensure_roles
from triggerfinder.selectors.availability import book_data, day_bounds, practice_tz
from triggerfinder.selectors.calendar import practice_calendar
from triggerfinder.selectors.decisions import client_decision
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services.appointments import (
    SlotConflictError,
    appointment_book,
    appointment_cancel,
    appointment_mark,
)
from triggerfinder.services.booking import plan_book
from triggerfinder.services.intakes import IntakeInput
from triggerfinder.services.plans import plan_from_proposal

DEMO_EMAIL_DOMAIN = "example.invalid"

FIRST_NAMES = [
    "Anna",
    "Lukas",
    "Sophie",
    "Jonas",
    "Marie",
    "Felix",
    "Lea",
    "Paul",
    "Hannah",
    "Maximilian",
    "Jürgen",
    "Käthe",
    "Björn",
    "Gülay",
    "Łukasz",
    "Zoë",
    "Ελένη",
    "Дмитрий",
    "Aylin",
    "Mehmet",
    "Agnieszka",
    "Søren",
    "Renée",
    "José",
    "Nguyễn",
    "Fatima",
    "Oğuz",
    "Małgorzata",
    "Siobhán",
    "Jörg",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Öztürk",
    "Nowak",
    "Kowalczyk",
    "Papadopoulou",
    "Иванов",
    "Yılmaz",
    "Groß",
    "Weiß",
    "Schäfer",
    "Krüger",
    "Đorđević",
    "O'Brien",
    "García",
    "Trần",
    "Lindqvist",
    "Dubois",
    "Kaya",
    "Wiśniewska",
    "Bäcker-Löwe",
    "von Stein",
]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schillerplatz", "Am Markt"]
CITIES = ["01067 Dresden", "04109 Leipzig", "10115 Berlin", "80331 München", "50667 Köln"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str | None  # a group from triggerfinder.security.roles; None for the superuser
    is_superuser: bool = False
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("therapeutin", "Lena", "Hartmann", THERAPIST),
    DemoAccount("therapeut", "Tobias", "Krause", THERAPIST),
    # Staff, so that the demo shows the admin's appointment-book pages (working hours, absences,
    # closing days, rooms; appointments read only): her role grants exactly those.
    DemoAccount("praxisleitung", "Miriam", "Vogel", PRACTICE_LEAD, is_staff=True),
    DemoAccount("wissen", "Konrad", "Lehmann", KNOWLEDGE_EDITOR, is_staff=True),
    DemoAccount("admin", "Ada", "Admin", None, is_superuser=True),
]


DEMO_REGIONS = ["lower-back", "hip-buttock", "neck", "shoulders", "upper-back", "head", "leg-lateral-thigh"]
DEMO_FACTORS = ["prolonged-sitting", "one-sided-load", "stress", "poor-sleep", "forward-head-posture"]
# Most clients have no contraindication; some need caution; a few need clarification or a later start.
DEMO_CONTRAINDICATIONS: list[list[str]] = [[]] * 6 + [
    ["blood-thinners"],
    ["pregnancy"],
    ["fever"],
    ["numbness"],
]
# Intakes the demo writes in bulk carry this consent version, so that later runs recognise them.
DEMO_CONSENT_VERSION = "demo"
INTAKE_NAMESPACE = uuid.UUID("6f1c1f4e-4b7e-4d55-9a53-0d7f2b9c1e21")


@dataclass(frozen=True)
class SeedSummary:
    accounts: list[DemoAccount]
    clients_created: int
    clients_total: int
    intakes_created: int = 0
    one_time_codes: dict[str, list[str]] | None = None


def demo_one_time_codes(users: list[Any]) -> dict[str, list[str]]:
    """A sheet of recovery codes for every demo account, so that a trial can switch the second
    factor on and still log in; a second run prints the same unused codes."""
    if not second_factor.is_available():
        return {}
    return {user.username: second_factor.topped_up_recovery_codes(user) for user in users}


def synthetic_client_fields(number: int) -> dict:
    """Field values of demo client ``number``: the same number always gives the same person."""
    rng = random.Random(number)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": born,
        "email": f"client{number:05d}@{DEMO_EMAIL_DOMAIN}",
        "phone": f"+49 351 {rng.randrange(100000, 999999)}",
        "address": f"{rng.choice(STREETS)} {rng.randrange(1, 120)}\n{rng.choice(CITIES)}",
        "preferred_language": Language.ENGLISH if rng.random() < 0.2 else Language.GERMAN,
    }


def seed_message_consent(*, share: float = 0.75, now: datetime | None = None) -> int:
    """Most demo clients agree to e-mail messages, recorded by their therapist, after their
    appointments are seeded: so the seeded bookings send nothing, and a booking, move or
    cancellation made in the demo sends its notice (under `make run`, printed in the terminal)."""
    now = now or timezone.now()
    chosen = [
        pk
        for pk in Client.objects.filter(
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            messages_consent_at__isnull=True,
            messages_withdrawn_at__isnull=True,
        ).values_list("pk", flat=True)
        if random.Random(pk).random() < share
    ]
    for start in range(0, len(chosen), 1000):
        Client.objects.filter(pk__in=chosen[start : start + 1000]).update(
            messages_consent_at=now, messages_consent_recorded_by=F("therapist")
        )
    return len(chosen)


@transaction.atomic
def seed_demo(*, clients: int, password: str, intakes: int = 0) -> SeedSummary:
    groups = ensure_roles()
    user_model = get_user_model()
    therapists, users = [], []
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@{DEMO_EMAIL_DOMAIN}",
                "is_staff": account.is_staff or account.is_superuser,
                "is_superuser": account.is_superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        elif account.is_staff and not user.is_staff:  # a demo database seeded before she was staff
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if account.role:
            user.groups.add(groups[account.role])
        if account.role == THERAPIST:
            therapists.append(user)
        users.append(user)

    existing = set(
        Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").values_list("email", flat=True)
    )
    new_clients = []
    for number in range(1, clients + 1):
        fields = synthetic_client_fields(number)
        if fields["email"] not in existing:
            new_clients.append(Client(therapist=therapists[number % len(therapists)], **fields))
    Client.objects.bulk_create(new_clients, batch_size=1000)
    total = Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").count()
    created_intakes = seed_intakes(count=intakes, clients=clients)
    return SeedSummary(
        accounts=DEMO_ACCOUNTS,
        clients_created=len(new_clients),
        clients_total=total,
        intakes_created=created_intakes,
        one_time_codes=demo_one_time_codes(users),
    )


def synthetic_intake(number: int, *, snapshot: Any, chronic: bool = False) -> IntakeInput:
    """Intake ``number`` of the demo: the same number always gives the same intake, with every
    screening question its regions show answered."""
    known = set(snapshot.regions) | set(snapshot.perpetuating_factors) | set(snapshot.contraindications)
    rng = random.Random(f"intake-{number}")
    regions = {slug: rng.randint(3, 9) for slug in rng.sample(DEMO_REGIONS, rng.randint(1, 3))}
    durations = [14, 24, 36, 60] if chronic else [2, 4, 8, 14, 24, 36, 60]
    regions = {slug: value for slug, value in regions.items() if slug in known}
    if not regions and "lower-back" in known:  # a knowledge base without some demo regions
        regions = {"lower-back": 5}
    found = [slug for slug in rng.choice(DEMO_CONTRAINDICATIONS) if slug in known]
    return IntakeInput(
        regions=regions,
        overall_pain=max(regions.values(), default=5),
        duration_months=rng.choice(durations),
        factors=[slug for slug in rng.sample(DEMO_FACTORS, rng.randint(0, 2)) if slug in known],
        answers=screening.all_answered(screening.questions_for(snapshot, regions), found),
        notes="",
        start=None,
        submission_key=uuid.uuid5(INTAKE_NAMESPACE, str(number)),
    )


@dataclass(frozen=True)
class IntakeSpec:
    """One demo intake to write: whose, when, what was said, and whether its plan is current."""

    client: Client
    day: date
    data: IntakeInput
    current: bool  # the client's latest intake; older ones are history
    accept: bool  # a current plan the therapist accepted (older plans were carried out or dropped)


def intake_day(number: int, round_: int, *, today: date) -> date:
    """Round 0 is each client's latest intake (the past ten weeks); round r lies r years back."""
    rng = random.Random(f"intake-day-{number}")
    if round_ == 0:
        return today - timedelta(days=rng.randrange(0, 70))
    return today - timedelta(days=365 * round_ + rng.randrange(0, 200))


def seed_intakes(*, count: int, clients: int) -> int:
    """``count`` intakes with their plans, spread over the first ``clients`` demo clients.

    Intake n belongs to client (n - 1) % clients + 1: with more intakes than clients, each client
    has several, one a year back for each round. The latest intake's plan is accepted for about
    half of the clients whose screening needs no clearance (so the client list shows
    appointments), the others stay proposed. An older plan was superseded: sessions recorded for
    it make it completed, otherwise it stays cancelled (see ``seed_treatment_history``). Written
    in bulk, without change history.
    """
    snapshot = knowledge_snapshot()
    if not snapshot.regions or not clients:
        return 0  # no knowledge base loaded yet: nothing to plan with
    by_email = {
        client.email: client
        for client in Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").select_related(
            "therapist"
        )
    }
    seen = set(
        Intake.objects.filter(client__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").values_list(
            "submission_key", flat=True
        )
    )
    today = timezone.localdate()
    specs = []
    for number in range(1, count + 1):
        round_, index = divmod(number - 1, clients)
        client = by_email.get(synthetic_client_fields(index + 1)["email"])
        data = synthetic_intake(number, snapshot=snapshot)
        if client is None or not data.regions or data.submission_key in seen:
            continue
        specs.append(
            IntakeSpec(
                client=client,
                day=intake_day(number, round_, today=today),
                data=data,
                current=round_ == 0,
                accept=round_ == 0 and random.Random(f"accept-{number}").random() < 0.5,
            )
        )
    return write_intakes(specs, snapshot=snapshot)


BATCH = 2000


def write_intakes(specs: list[IntakeSpec], *, snapshot: Any) -> int:
    """Intakes, their regions, factors and contraindications, plans, focus muscles and dates, in
    bulk: the proposal comes from the same planning core as an intake entered on the page."""
    calendar = practice_calendar()
    regions = BodyRegion.objects.in_bulk(field_name="slug")
    factors = PerpetuatingFactor.objects.in_bulk(field_name="slug")
    contraindications = Contraindication.objects.in_bulk(field_name="slug")
    muscles = Muscle.objects.in_bulk(field_name="slug")
    tz, now = timezone.get_current_timezone(), timezone.now()
    for begin in range(0, len(specs), BATCH):
        batch = specs[begin : begin + BATCH]
        intakes, proposals = [], []
        for spec in batch:
            # Before the plan's usual 9 o'clock, so a first session on the same day follows it.
            minute = random.Random(spec.data.submission_key.int).choice([0, 15, 30])
            recorded_at = min(now, datetime.combine(spec.day, time(8, minute), tz))
            propose = functools.partial(
                planning.propose,
                snapshot,
                regions=spec.data.regions,
                duration_months=spec.data.duration_months,
                factors=spec.data.factors,
                contraindications=spec.data.contraindications,
                today=spec.day,
                calendar=calendar,
            )
            proposal = propose()
            if not spec.current and proposal.decision.blocked:
                # Carried out after a doctor cleared it: the cycle starts two weeks later.
                proposal = propose(start=spec.day + timedelta(days=14))
            proposals.append(proposal)
            intakes.append(
                Intake(
                    client=spec.client,
                    recorded_by=spec.client.therapist,
                    recorded_at=recorded_at,
                    overall_pain=spec.data.overall_pain,
                    duration_months=spec.data.duration_months,
                    notes=spec.data.notes,
                    consent_at=recorded_at,
                    consent_version=DEMO_CONSENT_VERSION,
                    consent_recorded_by=spec.client.therapist,
                    submission_key=spec.data.submission_key,
                )
            )
        Intake.objects.bulk_create(intakes)
        region_rows: list[IntakeRegion] = []
        factor_rows: list[IntakeFactor] = []
        contraindication_rows: list[IntakeContraindication] = []
        answer_rows: list[ScreeningAnswer] = []
        plans = []
        for spec, intake, proposal in zip(batch, intakes, proposals, strict=True):
            region_rows += [
                IntakeRegion(intake=intake, region=regions[s], intensity=v)
                for s, v in spec.data.regions.items()
            ]
            factor_rows += [IntakeFactor(intake=intake, factor=factors[s]) for s in spec.data.factors]
            contraindication_rows += [
                IntakeContraindication(intake=intake, contraindication=contraindications[s])
                for s in spec.data.contraindications
            ]
            answer_rows += [
                ScreeningAnswer(intake=intake, contraindication=contraindications[s], answer=yes)
                for s, yes in spec.data.answers.items()
            ]
            plan = plan_from_proposal(intake=intake, proposal=proposal, calendar=calendar)
            blocked = proposal.decision.blocked
            if not spec.current:
                plan.status = TreatmentPlan.Status.CANCELLED  # until sessions are recorded for it
            elif spec.accept and not blocked:
                plan.status = TreatmentPlan.Status.ACCEPTED
            if plan.status != TreatmentPlan.Status.PROPOSED:
                plan.accepted_at, plan.accepted_by = intake.recorded_at, spec.client.therapist
            plans.append(plan)
        IntakeRegion.objects.bulk_create(region_rows, batch_size=BATCH)
        IntakeFactor.objects.bulk_create(factor_rows, batch_size=BATCH)
        IntakeContraindication.objects.bulk_create(contraindication_rows, batch_size=BATCH)
        ScreeningAnswer.objects.bulk_create(answer_rows, batch_size=BATCH)
        write_findings(batch, intakes, proposals, contraindications=contraindications)
        TreatmentPlan.objects.bulk_create(plans)
        # Created when its intake was recorded (the list of a client's plans is newest first).
        TreatmentPlan.objects.filter(pk__in=[plan.pk for plan in plans]).update(
            created_at=Subquery(Intake.objects.filter(pk=OuterRef("intake_id")).values("recorded_at")[:1])
        )
        rows, dates = [], []
        for spec, plan, proposal in zip(batch, plans, proposals, strict=True):
            rows += [
                PlanFocusMuscle(plan=plan, muscle=muscles[focus.muscle.slug], position=position)
                for position, focus in enumerate(proposal.focus, start=1)
            ]
            status = PlannedSession.Status.PLANNED if spec.current else PlannedSession.Status.CANCELLED
            dates += [
                PlannedSession(plan=plan, kind=when.kind, number=when.number, date=when.day, status=status)
                for when in proposal.sessions
            ]
        PlanFocusMuscle.objects.bulk_create(rows, batch_size=BATCH)
        PlannedSession.objects.bulk_create(dates, batch_size=BATCH)
    return len(specs)


def write_findings(
    batch: list[IntakeSpec], intakes: list[Intake], proposals: list[Any], *, contraindications: dict
) -> None:
    """Each intake's findings; an older intake that needed a clearance got one a week later."""
    findings, cleared = [], []
    for spec, intake, proposal in zip(batch, intakes, proposals, strict=True):
        rows = [
            Finding(
                client=spec.client,
                contraindication=contraindications[slug],
                intake=intake,
                recorded_at=intake.recorded_at,
                recorded_by=spec.client.therapist,
            )
            for slug in spec.data.contraindications
        ]
        findings += rows
        if not spec.current and proposal.decision.blocked:
            cleared.append((spec, rows))
    Finding.objects.bulk_create(findings, batch_size=BATCH)
    clearances = [
        Clearance(
            client=spec.client,
            cleared_on=spec.day + timedelta(days=7),
            note="Demo: cleared by the family doctor.",
            recorded_by=spec.client.therapist,
        )
        for spec, _rows in cleared
    ]
    Clearance.objects.bulk_create(clearances, batch_size=BATCH)
    Clearance.findings.through.objects.bulk_create(
        [
            Clearance.findings.through(clearance=clearance, finding=finding)
            for clearance, (_spec, rows) in zip(clearances, cleared, strict=True)
            for finding in rows
        ],
        batch_size=BATCH,
    )


def history_intakes(*, clients: list[Client], snapshot: Any, today: date) -> list[IntakeSpec]:
    """A chronic intake well over a year back for each of ``clients`` (who have none yet), so that
    every date of its plan lies in the past."""
    specs = []
    for client in clients:
        data = synthetic_intake(client.pk, snapshot=snapshot, chronic=True)
        data = replace(data, submission_key=uuid.uuid5(INTAKE_NAMESPACE, f"history-{client.pk}"))
        day = today - timedelta(days=400 + random.Random(f"history-{client.pk}").randrange(300))
        specs.append(IntakeSpec(client=client, day=day, data=data, current=False, accept=False))
    return specs


@transaction.atomic
def seed_treatment_history(*, sessions: int, per_client: int = 10) -> int:
    """Recorded sessions until ``sessions`` exist: on the past dates of the demo's accepted and
    earlier plans (newest plans first, up to ``per_client`` each), each fulfilling its planned date.
    When those run out, demo clients without an intake get an earlier intake and plan for them.

    Written with bulk inserts, so it skips the change history: these records are synthetic.
    """
    wanted = sessions - TreatmentSession.objects.count()
    if wanted <= 0:
        return 0
    snapshot = knowledge_snapshot()
    if not snapshot.regions:
        return 0
    today = timezone.localdate()
    created = _record_sessions(wanted, per_client=per_client, today=today)
    if created < wanted:
        short = wanted - created
        clients = list(
            Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", intakes__isnull=True)
            .select_related("therapist")
            .order_by("pk")[: short // per_client + 1]
        )
        write_intakes(history_intakes(clients=clients, snapshot=snapshot, today=today), snapshot=snapshot)
        created += _record_sessions(short, per_client=per_client, today=today)
    _settle_earlier_plans()
    return created


def _record_sessions(wanted: int, *, per_client: int, today: date) -> int:
    plans = (
        TreatmentPlan.objects.filter(
            client__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            intake__consent_version=DEMO_CONSENT_VERSION,
            status__in=[TreatmentPlan.Status.ACCEPTED, TreatmentPlan.Status.CANCELLED],
        )
        .select_related("intake", "client")
        .order_by("-intake__recorded_at", "pk")
    )
    tz = timezone.get_current_timezone()
    created = 0
    for begin in range(0, plans.count(), BATCH):
        chunk = list(plans[begin : begin + BATCH])
        dates: dict[int, list[PlannedSession]] = {}
        for planned in (
            PlannedSession.objects.filter(plan__in=chunk, date__lt=today, treatment__isnull=True)
            .exclude(appointments__status__in=[Appointment.Status.NO_SHOW, *Appointment.CANCELLED])
            .order_by("plan", "date", "pk")
        ):
            dates.setdefault(planned.plan_id, []).append(planned)
        # A session booked in the appointment book was held at the appointment's time.
        booked_at = dict(
            Appointment.objects.filter(
                planned_session__plan__in=chunk, status__in=Appointment.ACTIVE
            ).values_list("planned_session_id", "start")
        )
        counts = dict(
            TreatmentSession.objects.filter(plan__in=chunk).values_list("plan_id").annotate(n=Count("pk"))
        )
        focus = dict(
            PlanFocusMuscle.objects.filter(plan__in=chunk, position=1).values_list("plan_id", "muscle_id")
        )
        areas: dict[int, list[tuple[int, int]]] = {}
        for intake_id, region_id, intensity in IntakeRegion.objects.filter(
            intake__in=[plan.intake_id for plan in chunk]
        ).values_list("intake_id", "region_id", "intensity"):
            areas.setdefault(intake_id, []).append((region_id, intensity))
        treatments: list[TreatmentSession] = []
        fulfilled: list[int] = []
        for plan in chunk:
            rng = random.Random(f"sessions-{plan.pk}")
            pain = plan.intake.overall_pain
            for planned in dates.get(plan.pk, [])[: max(0, per_client - counts.get(plan.pk, 0))]:
                if created + len(treatments) >= wanted:
                    break
                before = pain
                pain = max(bounds.PAIN.low, min(bounds.PAIN.high, pain + rng.choice([-2, -1, -1, 0, 0, 1])))
                held = booked_at.get(planned.pk) or datetime.combine(
                    planned.date, plan.session_time, tz
                ) + timedelta(minutes=rng.choice([0, 0, 15, 30]))
                treatments.append(
                    TreatmentSession(
                        client_id=plan.client_id,
                        plan=plan,
                        planned_session=planned,
                        therapist_id=plan.client.therapist_id,
                        held_at=held,
                        pain_before=before,
                        pain_after=pain,
                        submission_key=uuid.uuid5(INTAKE_NAMESPACE, f"session-{planned.pk}"),
                    )
                )
                fulfilled.append(planned.pk)
        TreatmentSession.objects.bulk_create(treatments, batch_size=BATCH)
        details: list[Any] = []
        for treatment in treatments:
            held_for = treatment.plan
            assert held_for is not None  # each treatment above fulfils a session of its plan
            if held_for.pk in focus:
                details.append(TreatedMuscle(session=treatment, muscle_id=focus[held_for.pk]))
            for region_id, intensity in areas.get(held_for.intake_id, []):
                details.append(
                    SessionRegionPain(
                        session=treatment,
                        region_id=region_id,
                        intensity=min(intensity, treatment.pain_after + 1),
                    )
                )
        TreatedMuscle.objects.bulk_create(
            [d for d in details if isinstance(d, TreatedMuscle)], batch_size=BATCH
        )
        SessionRegionPain.objects.bulk_create(
            [d for d in details if isinstance(d, SessionRegionPain)], batch_size=BATCH
        )
        for at in range(0, len(fulfilled), 500):
            PlannedSession.objects.filter(pk__in=fulfilled[at : at + 500]).update(
                status=PlannedSession.Status.DONE
            )
        created += len(treatments)
        if created >= wanted:
            break
    return created


def _settle_earlier_plans() -> None:
    """An earlier demo plan with recorded sessions was carried out (completed, its other past dates
    missed); one without any was dropped (cancelled, as its dates)."""
    earlier = TreatmentPlan.objects.filter(
        client__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        intake__consent_version=DEMO_CONSENT_VERSION,
        status__in=[TreatmentPlan.Status.COMPLETED, TreatmentPlan.Status.CANCELLED],
    )
    carried_out = earlier.filter(treatments__isnull=False).values("pk")
    TreatmentPlan.objects.filter(pk__in=carried_out).update(status=TreatmentPlan.Status.COMPLETED)
    PlannedSession.objects.filter(
        plan__in=carried_out, treatment__isnull=True, status=PlannedSession.Status.CANCELLED
    ).update(status=PlannedSession.Status.MISSED)


# The demo practice's working hours, rooms and closing days: a static fixture, loaded after the
# demo accounts exist (its therapists are named by user name). The absences depend on today's
# date, so ``seed_availability`` writes them relative to today.
AVAILABILITY_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_availability.json"
# (therapist, kind, first day from today, days, note); the note makes them idempotent.
DEMO_ABSENCES: list[tuple[str, str, int | str, int, str]] = [
    ("therapeutin", Absence.Kind.HOLIDAY, "holiday-week", 5, "Demo: Urlaub"),
    ("therapeut", Absence.Kind.TRAINING, 8, 1, "Demo: Fortbildung"),
    ("therapeut", Absence.Kind.ILLNESS, -6, 2, "Demo: krank"),
]
# How many accepted demo plans get their sessions booked (the newest first): the demo's calendar,
# not the benchmarks' thousands of plans.
BOOKED_PLANS = 30
TODAY_PER_THERAPIST = 3


def _absence_first_day(offset: int | str, today: date) -> date:
    if offset == "holiday-week":  # the whole week three weeks on, Monday to Friday
        ahead = today + timedelta(days=21)
        return ahead - timedelta(days=ahead.weekday())
    assert isinstance(offset, int)
    return today + timedelta(days=offset)


def seed_availability(*, today: date | None = None) -> int:
    """Load the demo practice's hours, rooms and closing days (again: the fixture's rows keep
    their keys, so a second load overwrites them) and write its absences once. Needs the demo
    accounts; returns the absences created."""
    call_command("loaddata", str(AVAILABILITY_FIXTURE), verbosity=0)
    today = today or timezone.localdate()
    tz = practice_tz()
    users = get_user_model().objects.in_bulk(field_name="username")
    created = 0
    for username, kind, offset, days, note in DEMO_ABSENCES:
        if username not in users:
            continue
        first = _absence_first_day(offset, today)
        _absence, new = Absence.objects.get_or_create(
            therapist=users[username],
            note=note,
            defaults={
                "kind": kind,
                "start": datetime.combine(first, time(0), tz),
                "end": datetime.combine(first + timedelta(days=days), time(0), tz),
            },
        )
        created += new
    return created


@dataclass(frozen=True)
class AppointmentSummary:
    booked: int
    unplaced: int


def seed_appointments(*, plans: int = BOOKED_PLANS, now: datetime | None = None) -> AppointmentSummary:
    """Book the sessions of the newest accepted demo plans in the appointment book, the way the
    practice does when it accepts a plan (``services.booking.plan_book``: the slot search over the
    therapist's calendar, then ``appointment_book``, which checks the time again). A few
    appointments today for each therapist; the past ones are marked done (some no-show), two are
    cancelled (late by the client, by the practice). Sessions already booked once are left alone, so a second run books nothing twice."""
    now = now or timezone.now()
    created: list[Appointment] = []
    unplaced = 0
    duration = timedelta(minutes=conf.SESSION_MINUTES)
    rooms = Room.objects.in_bulk()
    with_hours = set(WorkingHours.objects.values_list("therapist_id", flat=True))
    accepted = (
        TreatmentPlan.objects.filter(
            client__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            status=TreatmentPlan.Status.ACCEPTED,
            client__therapist_id__in=with_hours,
        )
        .select_related("client__therapist", "intake")
        .order_by("-accepted_at", "pk")[:plans]
    )
    for plan in accepted:
        sessions = list(
            plan.sessions.filter(status__in=PlannedSession.OPEN, appointments__isnull=True).order_by(
                "date", "number"
            )
        )
        if not sessions:
            continue
        # Booked just after the plan was accepted: a first session that day comes after the intake.
        booked_at = (plan.accepted_at or now) + timedelta(minutes=1)
        summary = plan_book(plan=plan, now=booked_at, only=[session.pk for session in sessions])
        created += summary.booked
        unplaced += len(summary.unbooked)
    created += _book_today(now=now, duration=duration, rooms=rooms, with_hours=with_hours)
    _settle(created, now=now)
    return AppointmentSummary(booked=len(created), unplaced=unplaced)


def _book_today(
    *, now: datetime, duration: timedelta, rooms: dict[int, Room], with_hours: set[int]
) -> list[Appointment]:
    """Fill today up to ``TODAY_PER_THERAPIST`` appointments for each therapist with hours, with
    their clients in treatment (an accepted plan) the safety gate lets book today (a session
    outside the plan's dates)."""
    today = now.astimezone(practice_tz()).date()
    morning, evening = day_bounds(today, today)
    created: list[Appointment] = []
    for therapist in get_user_model().objects.filter(pk__in=with_hours).order_by("pk"):
        # Cancelled ones count too, so that a second run does not fill their places again.
        on_today = Appointment.objects.filter(therapist=therapist, start__gte=morning, start__lt=evening)
        missing = TODAY_PER_THERAPIST - on_today.count()
        if missing <= 0:
            continue
        data = book_data(therapist, today, today)
        seen_today = set(on_today.values_list("client_id", flat=True))
        slots = free_slots(
            today,
            duration=duration,
            availability=data.availability,
            now=morning,
            rooms=data.rooms,
            busy=data.busy,
        )[::3]  # spread over the day
        clients = [
            client
            for client in Client.objects.filter(
                therapist=therapist,
                email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
                plans__status=TreatmentPlan.Status.ACCEPTED,
            )
            .distinct()
            .order_by("pk")[:20]
            if client.pk not in seen_today
            and not client.is_locked
            and client_decision(client).may_book(today)
        ]
        for slot, client in zip(slots[:missing], clients, strict=False):
            try:
                created.append(
                    appointment_book(
                        therapist=therapist,
                        client=client,
                        start=slot.start,
                        room=None if slot.room is None else rooms[int(slot.room)],
                        now=morning,
                    )
                )
            except SlotConflictError:
                continue
    return created


def _settle(created: list[Appointment], *, now: datetime) -> None:
    """What became of the appointments just booked: the past ones were held (every seventh a
    no-show), one to come was cancelled late by the client, one by the practice."""
    past = [a for a in created if a.start <= now]
    coming = [a for a in created if a.start > now]
    for index, appointment in enumerate(past):
        status = Appointment.Status.NO_SHOW if index % 7 == 3 else Appointment.Status.DONE
        appointment_mark(appointment=appointment, status=status, now=now)
    if len(coming) > 8:
        late = coming[len(coming) // 4]
        appointment_cancel(appointment=late, by_client=True, now=late.start - timedelta(hours=3))
        appointment_cancel(appointment=coming[len(coming) // 2], by_client=False, now=now)
