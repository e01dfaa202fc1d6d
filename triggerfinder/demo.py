"""Demo accounts and synthetic clients for trying the app and for scale benchmarks.

Everything here is invented. Clients are recognised by their ``@example.invalid`` e-mail address
(a reserved domain that can never receive mail), which makes seeding idempotent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from triggerfinder.models import Client, Language
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


@dataclass(frozen=True)
class SeedSummary:
    accounts: list[DemoAccount]
    clients_created: int
    clients_total: int


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
def seed_demo(*, clients: int, password: str) -> SeedSummary:
    groups = ensure_roles()
    user_model = get_user_model()
    therapists = []
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
    return SeedSummary(accounts=DEMO_ACCOUNTS, clients_created=len(new_clients), clients_total=total)
