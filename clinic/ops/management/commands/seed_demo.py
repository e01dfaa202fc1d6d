from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.ops.conf import demo_password
from clinic.ops.demo import (
    BOOKED_PLANS,
    seed_appointments,
    seed_availability,
    seed_demo,
    seed_message_consent,
    seed_treatment_history,
)


class Command(BaseCommand):
    help = "Create demo accounts and N synthetic clients (idempotent: run it again, nothing doubles)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=40, help="Number of demo clients (default 40).")
        parser.add_argument(
            "--intakes",
            type=int,
            default=20,
            help="Demo clients that get an intake and a plan (default 20; needs the knowledge base).",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            default=0,
            help="Recorded treatment sessions to create for other demo clients, 10 each (bulk, for benchmarks).",
        )
        parser.add_argument(
            "--booked-plans",
            type=int,
            default=BOOKED_PLANS,
            help=f"Accepted demo plans whose sessions are booked as appointments (default {BOOKED_PLANS}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off, too. Demo accounts have a known password: never on a live system.",
        )

    def handle(
        self,
        *args: Any,
        clients: int,
        intakes: int,
        sessions: int,
        booked_plans: int,
        force: bool,
        **options: Any,
    ) -> None:
        if min(clients, intakes, sessions, booked_plans) < 0:
            raise CommandError("--clients, --intakes, --sessions and --booked-plans must be 0 or more.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password and is meant for development. "
                "DEBUG is off; pass --force if this really is a demo or benchmark database."
            )
        summary = seed_demo(clients=clients, password=demo_password(), intakes=intakes)
        self.stdout.write(
            f"Demo clients: {summary.clients_created} created, {summary.clients_total} in total; "
            f"{summary.intakes_created} intakes with plans created."
        )
        absences = seed_availability()
        booked = seed_appointments(plans=booked_plans)
        self.stdout.write(
            f"Appointment book: working hours, rooms and closing days loaded, {absences} absences "
            f"created; {booked.booked} appointments booked ({booked.unplaced} sessions without a slot)."
        )
        agreed = seed_message_consent()
        self.stdout.write(f"E-mail messages: {agreed} demo clients agreed to them.")
        if sessions:
            created = seed_treatment_history(sessions=sessions)
            self.stdout.write(f"Recorded sessions: {created} created.")
        self.stdout.write(f"Demo log-ins (password for all: {demo_password()}):")
        for account in summary.accounts:
            role = "superuser" if account.is_superuser else account.role
            self.stdout.write(f"  {account.username:<15} {role}")
        codes_by_user = summary.one_time_codes or {}
        if codes_by_user:
            self.stdout.write(
                "Recovery codes (each works once, in the one-time code field at log-in; needed when "
                "REQUIRE_SECOND_FACTOR is on, which `make run` leaves off):"
            )
        for username, codes in codes_by_user.items():
            self.stdout.write(f"  {username:<15} {' '.join(codes)}")
