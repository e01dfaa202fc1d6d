"""Demo accounts and synthetic clients for trying the app and for scale benchmarks.

Everything here is invented. Clients are recognised by their ``@example.invalid`` e-mail address
(a reserved domain that can never receive mail), which makes seeding idempotent.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from triggerfinder import selectors, services
from triggerfinder.knowledge_cache import knowledge_snapshot
from triggerfinder.models import (
    BodyRegion,
    Client,
    Intake,
    IntakeRegion,
    Language,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.roles import KNOWLEDGE_EDITOR, PRACTICE_LEAD, THERAPIST, ensure_roles

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
    role: str | None  # a group from triggerfinder.roles; None for the superuser
    is_superuser: bool = False
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("therapeutin", "Lena", "Hartmann", THERAPIST),
    DemoAccount("therapeut", "Tobias", "Krause", THERAPIST),
    DemoAccount("praxisleitung", "Miriam", "Vogel", PRACTICE_LEAD),
    DemoAccount("wissen", "Konrad", "Lehmann", KNOWLEDGE_EDITOR, is_staff=True),
    DemoAccount("admin", "Ada", "Admin", None, is_superuser=True),
]


DEMO_REGIONS = ["lower-back", "hip-buttock", "neck", "shoulders", "upper-back", "head", "leg-lateral-thigh"]
DEMO_FACTORS = ["prolonged-sitting", "one-sided-load", "stress", "poor-sleep", "forward-head-posture"]
# Most clients have no contraindication; some need caution; a few need clarification or a later start.
DEMO_CONTRAINDICATIONS = [[]] * 6 + [["blood-thinners"], ["pregnancy"], ["fever"], ["numbness"]]
INTAKE_NAMESPACE = uuid.UUID("6f1c1f4e-4b7e-4d55-9a53-0d7f2b9c1e21")


@dataclass(frozen=True)
class SeedSummary:
    accounts: list[DemoAccount]
    clients_created: int
    clients_total: int
    intakes_created: int = 0
    one_time_codes: dict[str, list[str]] | None = None


def demo_one_time_codes(users: list[Any]) -> dict[str, list[str]]:
    """Printed one-time codes for the demo's staff accounts, when the project asks for them."""
    from django.apps import apps

    if not apps.is_installed("django_otp.plugins.otp_static"):
        return {}
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    codes = {}
    for user in users:
        device, _created = StaticDevice.objects.get_or_create(user=user, name="demo codes")
        while device.token_set.count() < 5:
            device.token_set.create(token=StaticToken.random_token())
        codes[user.username] = list(device.token_set.values_list("token", flat=True))
    return codes


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


@transaction.atomic
def seed_demo(*, clients: int, password: str, intakes: int = 0) -> SeedSummary:
    groups = ensure_roles()
    user_model = get_user_model()
    therapists, staff = [], []
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
        if account.role:
            user.groups.add(groups[account.role])
        if account.role == THERAPIST:
            therapists.append(user)
        if user.is_staff:
            staff.append(user)

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
    created_intakes = seed_intakes(count=min(intakes, clients))
    return SeedSummary(
        accounts=DEMO_ACCOUNTS,
        clients_created=len(new_clients),
        clients_total=total,
        intakes_created=created_intakes,
        one_time_codes=demo_one_time_codes(staff),
    )


def synthetic_intake(number: int, *, known: set[str]) -> services.IntakeInput:
    """Intake of demo client ``number``: the same number always gives the same intake."""
    rng = random.Random(f"intake-{number}")
    regions = {slug: rng.randint(3, 9) for slug in rng.sample(DEMO_REGIONS, rng.randint(1, 3))}
    return services.IntakeInput(
        regions={slug: value for slug, value in regions.items() if slug in known},
        overall_pain=max(regions.values()),
        duration_months=rng.choice([2, 4, 8, 14, 24, 36, 60]),
        factors=[slug for slug in rng.sample(DEMO_FACTORS, rng.randint(0, 2)) if slug in known],
        contraindications=[slug for slug in rng.choice(DEMO_CONTRAINDICATIONS) if slug in known],
        notes="",
        start=None,
        submission_key=uuid.uuid5(INTAKE_NAMESPACE, str(number)),
    )


def seed_intakes(*, count: int) -> int:
    """An intake and its proposed plan for the first ``count`` demo clients; every other plan that
    needs no clearance is accepted, so the client list shows appointments."""
    snapshot = knowledge_snapshot()
    known = set(snapshot.regions) | set(snapshot.perpetuating_factors) | set(snapshot.contraindications)
    if not snapshot.regions:
        return 0  # no knowledge base loaded yet: nothing to plan with
    clients = Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").select_related("therapist")
    by_email = {client.email: client for client in clients}
    created = 0
    today = timezone.localdate()
    for number in range(1, count + 1):
        client = by_email.get(synthetic_client_fields(number)["email"])
        data = synthetic_intake(number, known=known)
        if client is None or not data.regions:
            continue
        intake, is_new = services.intake_create(user=client.therapist, data=data, today=today, client=client)
        if not is_new:
            continue
        created += 1
        plan = intake.plans.get()
        if number % 2 and not selectors.plan_verdict(plan).needs_clearance:
            services.plan_accept(plan=plan, user=client.therapist)
    return created


def seed_treatment_history(*, sessions: int, per_client: int = 10) -> int:
    """Recorded sessions for benchmarks and demos: every demo client without an intake gets one
    (with an accepted plan) and up to ``per_client`` sessions, until ``sessions`` exist.

    Written with bulk inserts, so it skips the change history: these records are synthetic.
    """
    existing = TreatmentSession.objects.count()
    if existing >= sessions:
        return 0
    regions = {r.slug: r for r in BodyRegion.objects.filter(slug__in=DEMO_REGIONS)}
    if not regions:
        return 0
    clients = list(
        Client.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", intakes__isnull=True)
        .select_related("therapist")
        .order_by("pk")[: (sessions - existing) // per_client + 1]
    )
    now = timezone.now()
    intakes = []
    for client in clients:
        rng = random.Random(f"history-{client.pk}")
        intakes.append(
            Intake(
                client=client,
                recorded_by=client.therapist,
                recorded_at=now - timedelta(days=200 + rng.randrange(300)),
                overall_pain=rng.randint(4, 9),
                duration_months=rng.choice([3, 8, 14, 24, 48]),
                consent_at=now,
                consent_version="demo",
                consent_recorded_by=client.therapist,
                submission_key=uuid.uuid5(INTAKE_NAMESPACE, f"history-{client.pk}"),
            )
        )
    Intake.objects.bulk_create(intakes, batch_size=1000)
    region_rows, plans = [], []
    for intake in intakes:
        rng = random.Random(f"regions-{intake.client_id}")
        for slug in rng.sample(sorted(regions), rng.randint(1, 2)):
            region_rows.append(IntakeRegion(intake=intake, region=regions[slug], intensity=rng.randint(3, 9)))
        plans.append(
            TreatmentPlan(
                client_id=intake.client_id,
                intake=intake,
                status=TreatmentPlan.Status.ACCEPTED,
                cycle_length=10 if intake.duration_months >= 12 else 4,
                weekly_sessions=5 if intake.duration_months >= 12 else 2,
                start_date=timezone.localtime(intake.recorded_at).date(),
                accepted_at=intake.recorded_at,
            )
        )
    IntakeRegion.objects.bulk_create(region_rows, batch_size=2000)
    TreatmentPlan.objects.bulk_create(plans, batch_size=1000)
    treatments = []
    for plan in plans:
        rng = random.Random(f"sessions-{plan.client_id}")
        pain = plan.intake.overall_pain
        for index in range(min(per_client, sessions - existing - len(treatments))):
            before = pain
            pain = max(0, min(10, pain + rng.choice([-2, -1, -1, 0, 0, 1])))
            treatments.append(
                TreatmentSession(
                    client_id=plan.client_id,
                    plan=plan,
                    therapist_id=plan.intake.recorded_by_id,
                    held_at=plan.intake.recorded_at + timedelta(days=7 * (index + 1)),
                    pain_before=before,
                    pain_after=pain,
                    recorded_at=now,
                    submission_key=uuid.uuid5(INTAKE_NAMESPACE, f"session-{plan.client_id}-{index}"),
                )
            )
    TreatmentSession.objects.bulk_create(treatments, batch_size=2000)
    return len(treatments)
