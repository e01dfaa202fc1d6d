"""Every bound on a number or a date the app accepts, in one place.

The models' validators, the forms, the settings' checks and the planning rules read them from here,
so a bound changes in one line. Pure: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Bound:
    """The whole numbers from ``low`` to ``high``, both included."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"an empty bound: {self.low} > {self.high}")

    def contains(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class DateWindow:
    """The days from ``past`` before a given day to ``future`` after it, both included."""

    past: timedelta
    future: timedelta

    def contains(self, day: date, *, today: date) -> bool:
        return today - self.past <= day <= today + self.future


# Pain on the 0–10 numeric rating scale: overall, per region, before and after a session.
PAIN = Bound(0, 10)
# How long the pain has lasted: 50 years at most, anything longer is a typing error.
DURATION_MONTHS = Bound(0, 600)

# What a therapist may set when changing a proposed plan.
CYCLE_LENGTH = Bound(1, 20)
WEEKLY_SESSIONS = Bound(0, CYCLE_LENGTH.high)  # sessions at the first spacing
INTERVAL_DAYS = Bound(3, 28)
MAINTENANCE_WEEKS = Bound(4, 12)
MAINTENANCE_VISITS = Bound(0, 8)
SESSION_MINUTES = Bound(45, 180)  # a planned session, also TRIGGERFINDER_SESSION_MINUTES

# A treatment session as it was held.
HELD_MINUTES = Bound(5, 240)

# The knowledge base.
STRETCH_HOLD_SECONDS = Bound(5, 120)
STRETCH_REPETITIONS = Bound(1, 10)
PRESSURE_HOLD_SECONDS = Bound(5, 60)  # a muscle's self-treatment hold, shortest and longest
REFERRAL_WEIGHT = Bound(1, 3)
POSTPONE_DAYS = Bound(0, 365)

# The app's settings that are numbers (checked by ``check``, triggerfinder.E001/E006).
CLIENTS_PER_PAGE = Bound(1, 500)
WEEKDAY = Bound(0, 6)  # Monday is 0, as Python's ``date.weekday()``

# Input sizes: how much one request may ask for or send.
HANDOUT_BATCH = Bound(1, 500)  # handouts in one ZIP
KNOWLEDGE_DOCUMENT_BYTES = 5 * 1024 * 1024  # a knowledge import; the shipped file is well under 1 MB
KNOWLEDGE_DOCUMENT_DEPTH = 10  # nesting of a knowledge import; the format nests 6 deep

# Dates a therapist may give a plan or a session: a year back to two years ahead. Anything else is
# a typing error, and it keeps the date arithmetic of a cycle far from the calendar's end.
PLAN_DATES = DateWindow(past=timedelta(days=366), future=timedelta(days=2 * 366))
# The start asked of a new proposal: today up to a year ahead.
PROPOSAL_START = DateWindow(past=timedelta(0), future=timedelta(days=366))

# An appointment in the book: a short check-up to a long first session.
APPOINTMENT_MINUTES = Bound(15, 240)
# The settings of the appointment book (TRIGGERFINDER_*): notice for a late cancellation, the
# buffer kept free around a therapist's appointments, the slot search's tolerance in working days.
LATE_CANCELLATION_HOURS = Bound(0, 14 * 24)
APPOINTMENT_BUFFER_MINUTES = Bound(0, 120)
SLOT_TOLERANCE_DAYS = Bound(0, 10)

# The practice's messages to clients (issue 18).
REMINDER_HOURS = Bound(1, 7 * 24)  # how long before an appointment its reminder goes out
NOTICE_GRACE_MINUTES = Bound(0, 120)  # how long a change waits for a correction before its notice
MESSAGE_TEXT_CHARS = Bound(0, 1000)  # the practice's own words in one message
# The client's links in e-mails (issue 18): how long a signed link is honoured at most (an
# appointment's link ends at its start anyway), and the reason a client may give for cancelling.
APPOINTMENT_LINK_DAYS = 366  # a booking's notice goes out when it is booked, up to a year ahead
MESSAGES_WITHDRAW_LINK_DAYS = 400
CANCEL_REASON_CHARS = 500
# How long a questionnaire link sent to a new client stays valid (TRIGGERFINDER_QUESTIONNAIRE_DAYS).
QUESTIONNAIRE_DAYS = Bound(1, 60)
