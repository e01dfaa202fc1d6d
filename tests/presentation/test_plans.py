"""presentation.plans: a suggested plan as plain dicts, from the shipped knowledge."""

from __future__ import annotations

import datetime

from triggerfinder.core import gate
from triggerfinder.core.planning import CYCLE, MAINTENANCE, PlannedDate, propose
from triggerfinder.presentation.decisions import decision_dict
from triggerfinder.presentation.finder import reason_text
from triggerfinder.presentation.plans import focus_dict, proposal_dict, session_dict

TODAY = datetime.date(2026, 3, 2)  # a Monday

PROPOSAL_KEYS = {
    "language",
    "verdict",
    "dates",
    "focus",
    "chronic",
    "acute",
    "cycle_length",
    "start",
    "maintenance_weeks",
    "sessions",
    "cycle_dates",
    "maintenance_dates",
}


def proposed(snapshot, *found, factors=(), months=6):
    return propose(
        snapshot,
        regions={"lower-back": 6, "hip-buttock": 3},
        duration_months=months,
        factors=factors,
        contraindications=found,
        today=TODAY,
    )


class TestProposal:
    def test_its_parts_follow_the_core(self, shipped):
        proposal = proposed(shipped)
        row = proposal_dict(shipped, proposal, "en")
        assert set(row) == PROPOSAL_KEYS
        assert row["language"] == "en"
        assert row["verdict"] == decision_dict(proposal.decision, "en", shipped)
        assert row["dates"] == gate.DATES_PLANNED
        assert row["chronic"] is True and row["acute"] is False
        assert row["cycle_length"] == proposal.cycle_length
        assert row["start"] == proposal.start
        assert row["maintenance_weeks"] == proposal.maintenance_weeks

    def test_sessions_as_dates_not_text(self, shipped):
        proposal = proposed(shipped)
        row = proposal_dict(shipped, proposal, "en")
        assert row["sessions"] == [session_dict(s) for s in proposal.sessions]
        assert row["cycle_dates"] == [s.day for s in proposal.sessions if s.kind == CYCLE]
        assert row["maintenance_dates"] == [s.day for s in proposal.sessions if s.kind == MAINTENANCE]
        assert len(row["cycle_dates"]) == proposal.cycle_length
        assert all(isinstance(day, datetime.date) for day in row["cycle_dates"])

    def test_an_emergency_shows_no_dates(self, shipped):
        row = proposal_dict(shipped, proposed(shipped, "saddle-numbness"), "en")
        assert row["dates"] == gate.DATES_NONE
        assert row["sessions"] == [] and row["cycle_dates"] == [] and row["maintenance_dates"] == []

    def test_a_refer_finding_shows_the_dates_as_after_clearance(self, shipped):
        row = proposal_dict(shipped, proposed(shipped, "numbness"), "en")
        assert row["dates"] == gate.DATES_AFTER_CLEARANCE
        assert row["sessions"]

    def test_focus_ranked_from_one(self, shipped):
        proposal = proposed(shipped)
        focus = proposal_dict(shipped, proposal, "en")["focus"]
        assert [f["rank"] for f in focus] == list(range(1, len(proposal.focus) + 1))
        assert [f["slug"] for f in focus] == [f.muscle.slug for f in proposal.focus]


class TestFocus:
    def test_the_muscle_and_why(self, shipped):
        item = proposed(shipped).focus[0]
        row = focus_dict(shipped, item, 1, "en")
        assert set(row) == {"rank", "slug", "name", "latin_name", "score", "intensities", "factors", "reason"}
        assert row["name"] == item.muscle.name.en and row["score"] == item.score
        assert row["intensities"] == dict(item.intensities)
        assert row["reason"].startswith(reason_text(shipped, item.matches, "en"))

    def test_the_factors_that_keep_it_going_are_named(self, shipped):
        proposal = proposed(shipped, factors=["stress", "prolonged-sitting"])
        item = next(f for f in proposal.focus if f.factors)
        row = focus_dict(shipped, item, 1, "en")
        assert row["factors"] == list(item.factors)
        for slug in item.factors:
            assert shipped.perpetuating_factors[slug].name.en in row["reason"]


def test_session():
    day = datetime.date(2026, 3, 9)
    assert session_dict(PlannedDate(number=2, day=day, kind=CYCLE)) == {
        "kind": CYCLE,
        "number": 2,
        "date": day,
    }
