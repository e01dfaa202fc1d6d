"""The handout with the shipped knowledge base: the gate decides from findings and clearances built
by hand on the shipped contraindications, or from the database after an intake (``make_plan``)."""

from __future__ import annotations

import dataclasses
import io
import math
from datetime import date, timedelta

import pypdf

from tests.test_intake import URL, intake_post
from triggerfinder.core import gate, planning
from triggerfinder.handout.content import handout_content
from triggerfinder.handout.render import render_pdf
from triggerfinder.handout.structure import HandoutInput, Practice
from triggerfinder.models import TreatmentPlan
from triggerfinder.selectors.knowledge import knowledge_snapshot

HOSTILE = 'Łukasz Öztürk-Ğül & Söhne <GmbH> <img src="http://example.invalid/x.png"/>'
MONDAY = date(2026, 11, 30)
RECORDED = MONDAY - timedelta(days=2)
REGIONS = {"lower-back": 7, "hip-buttock": 5}
PRACTICE = Practice(name="Praxis Weber & Partner", address="Hauptstraße 5\n01067 Dresden", phone="0351 1234")

# Warning signs as the knowledge base will mark them (facts §5.7): the lower back's for a client
# with back pain, the neck's only for the neck.
LOWER_BODY_SIGNS = (
    "saddle-numbness",
    "bladder-bowel-dysfunction",
    "progressive-neurological-deficit",
    "severe-trauma",
    "fever-with-back-pain",
    "pulsating-abdominal-mass",
    "radiating-nerve-pain",
    "numbness",
    "leg-weakness",
    "cancer-history",
    "unexplained-weight-loss",
    "minor-trauma-osteoporosis",
    "infection-risk",
    "night-pain",
)
NECK_SIGNS = (
    "thunderclap-headache",
    "suspected-arterial-dissection",
    "brainstem-signs",
    "giant-cell-arteritis",
)
REFER_THREE = ("numbness", "leg-weakness", "radiating-nerve-pain")
EMERGENCY_THREE = ("saddle-numbness", "bladder-bowel-dysfunction", "numbness")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def smallest_text_pt(pdf: bytes, *, above_mm: float = 20) -> float:
    """The smallest size any text is drawn at on the first page, the footer left out."""
    sizes = []

    def visit(text, cm, tm, font, size):
        matrix = [tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]]
        matrix += [tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip(" •\n") and y > above_mm / 25.4 * 72:  # bullets are no text to read
            sizes.append(size * math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return min(sizes)


def catalogue(snapshot):
    """The shipped contraindications, with the warning signs marked as the knowledge base will."""
    return [
        dataclasses.replace(
            c,
            client_warning=c.slug in LOWER_BODY_SIGNS + NECK_SIGNS,
            warning_regions=frozenset({"neck", "head"}) if c.slug in NECK_SIGNS else frozenset(),
        )
        for c in snapshot.contraindications.values()
    ]


def decision(snapshot, slugs=(), *, clearances=(), overrides=()) -> gate.Decision:
    """The gate's decision for findings of the shipped contraindications, recorded two days ago;
    ``overrides`` replace a contraindication (a caution's pressure or exclusions)."""
    changed = {c.slug: c for c in overrides}
    found = [
        gate.Finding(
            key=slug,
            contraindication=changed.get(slug, snapshot.contraindications[slug]),
            recorded_on=RECORDED,
        )
        for slug in slugs
    ]
    return gate.decide(
        found,
        clearances,
        today=MONDAY,
        rules=snapshot.escalation_rules,
        areas=snapshot.areas_of(REGIONS),
        warning_catalogue=catalogue(snapshot),
    )


def handout_input(
    *,
    language="de",
    contraindications=(),
    name="Erika Mustermann",
    clearances=(),
    overrides=(),
    snapshot=None,
) -> HandoutInput:
    snapshot = snapshot or knowledge_snapshot()
    made = decision(snapshot, contraindications, clearances=clearances, overrides=overrides)
    proposal = planning.propose(
        snapshot, regions=REGIONS, duration_months=18, factors=["prolonged-sitting"], today=MONDAY
    )
    sessions = planning.schedule(
        start=made.earliest_start(MONDAY),
        cycle_length=proposal.cycle_length,
        spacing=proposal.spacing,
        calendar=planning.PracticeCalendar(),
    )
    return HandoutInput(
        language=language,
        client_name=name,
        today=MONDAY,
        practice=PRACTICE,
        decision=made,
        focus=proposal.focus,
        factors=["prolonged-sitting"],
        sessions=sessions,
        session_time="09:00",
    )


def printed(**kwargs) -> tuple[HandoutInput, bytes, str]:
    data = handout_input(**kwargs)
    pdf = render_pdf(handout_content(knowledge_snapshot(), data))
    return data, pdf, flat(pdf_text(pdf))


def steps_of(muscle, language: str) -> list[str]:
    """Lines of the muscle's handout steps that a PDF would show whole."""
    return [line.split(". ", 1)[1] for line in muscle.handout_steps.get(language).splitlines()]


def make_plan(http_client, **changes) -> TreatmentPlan:
    assert http_client.post(URL, intake_post(**changes)).status_code == 302
    return TreatmentPlan.objects.latest("pk")
