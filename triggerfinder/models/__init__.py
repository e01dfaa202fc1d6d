from triggerfinder.models.appointments import Appointment
from triggerfinder.models.audit import AccessLogEntry, SecurityEvent
from triggerfinder.models.availability import Absence, ClosingDay, Room, Weekday, WorkingHours
from triggerfinder.models.calendar_feed import CalendarFeed
from triggerfinder.models.clients import Client, Language
from triggerfinder.models.contraindications import Contraindication, EscalationRule, Pressure
from triggerfinder.models.findings import Clearance, Finding
from triggerfinder.models.intake import (
    Intake,
    IntakeContraindication,
    IntakeFactor,
    IntakeRegion,
    ScreeningAnswer,
)
from triggerfinder.models.knowledge import (
    BodyRegion,
    KnowledgeState,
    Level,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
    Tool,
    View,
    Weight,
)
from triggerfinder.models.messaging import MessageSettings, OutgoingMessage
from triggerfinder.models.plans import PlanFocusMuscle, PlannedSession, TreatmentPlan
from triggerfinder.models.questionnaires import Questionnaire
from triggerfinder.models.sessions import SessionRegionPain, TreatedMuscle, TreatmentSession
from triggerfinder.models.versioning import EditConflict, Versioned

__all__ = [
    "Absence",
    "AccessLogEntry",
    "Appointment",
    "BodyRegion",
    "CalendarFeed",
    "Clearance",
    "Client",
    "ClosingDay",
    "Contraindication",
    "EditConflict",
    "EscalationRule",
    "Finding",
    "Intake",
    "IntakeContraindication",
    "IntakeFactor",
    "IntakeRegion",
    "KnowledgeState",
    "Language",
    "Level",
    "MessageSettings",
    "Muscle",
    "OutgoingMessage",
    "PerpetuatingFactor",
    "PlanFocusMuscle",
    "PlannedSession",
    "Pressure",
    "Questionnaire",
    "Referral",
    "Room",
    "ScreeningAnswer",
    "SecurityEvent",
    "SessionRegionPain",
    "Stretch",
    "Tool",
    "TreatedMuscle",
    "TreatmentPlan",
    "TreatmentSession",
    "Versioned",
    "View",
    "Weekday",
    "Weight",
    "WorkingHours",
]
