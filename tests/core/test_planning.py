"""Planning: focus muscles, cycle length, spacing, working days and maintenance (no database)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from tests.knowledge_factory import contraindication, muscle, snapshot
from triggerfinder.core.knowledge import UnknownEntryError
from triggerfinder.core.planning import (
    CYCLE,
    MAINTENANCE,
    PracticeCalendar,
    Spacing,
    cycle_length,
    focus_muscles,
    propose,
    schedule,
)

MONDAY = date(2026, 11, 30)
KB = snapshot(
    muscle("ql", factors=("sitting",), lower_back=3, hip=2),
    muscle("gmed", lower_back=3),
    muscle("glmin", hip=2, leg_calf=3),
    muscle("scm", neck=3),
    contraindications=[
        contraindication("fever", "postpone", postpone_days=3),
        contraindication("numbness", "refer"),
    ],
)


class TestCycleLength:
    @pytest.mark.parametrize(("months", "chronic"), [(0, False), (11, False), (12, True), (240, True)])
    def test_twelve_months_is_the_boundary(self, months, chronic):
        length = cycle_length(duration_months=months, painful_regions=1, max_intensity=3)
        assert length == (8 if chronic else 3)

    def test_chronic_grows_to_twelve_with_regions_and_intensity(self):
        assert cycle_length(duration_months=24, painful_regions=2, max_intensity=5) == 9
        assert cycle_length(duration_months=24, painful_regions=3, max_intensity=7) == 11
        assert cycle_length(duration_months=24, painful_regions=5, max_intensity=10) == 12

    def test_short_stays_within_three_to_five(self):
        assert cycle_length(duration_months=3, painful_regions=2, max_intensity=5) == 4
        assert cycle_length(duration_months=3, painful_regions=6, max_intensity=10) == 5


class TestFocus:
    def test_intensity_weights_the_ranking(self):
        def order(regions):
            return [f.muscle.slug for f in focus_muscles(KB, regions)]

        calm_back = order({"lower-back": 2, "hip": 9})
        assert calm_back.index("glmin") < calm_back.index("gmed")
        sore_back = order({"lower-back": 9, "hip": 2})
        assert sore_back.index("gmed") < sore_back.index("glmin")

    def test_perpetuating_factor_lifts_the_muscle_it_keeps_going(self):
        without = focus_muscles(KB, {"lower-back": 5})
        assert [f.muscle.slug for f in without][:2] == ["gmed", "ql"]
        with_sitting = focus_muscles(KB, {"lower-back": 5}, ["sitting"])
        assert with_sitting[0].muscle.slug == "ql" and with_sitting[0].factors == ("sitting",)

    def test_regions_without_pain_do_not_count(self):
        assert [f.muscle.slug for f in focus_muscles(KB, {"neck": 0, "lower-back": 4})] == ["gmed", "ql"]

    def test_a_sub_region_lends_its_intensity_to_its_chosen_parent(self):
        (focus,) = [f for f in focus_muscles(KB, {"leg": 1, "leg-calf": 8}) if f.muscle.slug == "glmin"]
        assert focus.intensities == {"leg": 8}

    def test_at_most_five_and_unknown_factors_named(self):
        assert len(focus_muscles(KB, {"lower-back": 5, "hip": 5, "neck": 5, "leg": 5})) <= 5
        with pytest.raises(UnknownEntryError):
            focus_muscles(KB, {"lower-back": 5}, ["moon-phase"])


class TestSchedule:
    def test_weekly_first_half_then_every_two_weeks(self):
        dates = [
            s.day
            for s in schedule(
                start=MONDAY,
                cycle_length=8,
                spacing=Spacing(),
                calendar=PracticeCalendar(maintenance_visits=0),
            )
        ]
        gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
        assert gaps == [7, 7, 7, 14, 14, 14, 14]

    def test_never_on_a_closed_day(self):
        calendar = PracticeCalendar(working_days=frozenset({1, 3}), maintenance_visits=3)  # Tue, Thu
        sessions = schedule(start=MONDAY, cycle_length=5, spacing=Spacing(), calendar=calendar)
        assert all(s.day.weekday() in {1, 3} for s in sessions)
        assert sessions[0].day == MONDAY + timedelta(days=1)

    def test_sundays_closed_by_default(self):
        sunday = date(2026, 11, 29)
        sessions = schedule(
            start=sunday, cycle_length=12, spacing=Spacing(first_interval_days=3), calendar=PracticeCalendar()
        )
        assert sessions[0].day == MONDAY
        assert all(s.day.weekday() != 6 for s in sessions)

    def test_maintenance_every_six_to_eight_weeks_after_the_cycle(self):
        for weeks in (6, 8):
            sessions = schedule(
                start=MONDAY,
                cycle_length=4,
                spacing=Spacing(),
                calendar=PracticeCalendar(maintenance_weeks=weeks),
            )
            cycle = [s.day for s in sessions if s.kind == CYCLE]
            upkeep = [s.day for s in sessions if s.kind == MAINTENANCE]
            assert len(cycle) == 4 and len(upkeep) == 3
            previous = cycle[-1]
            for day in upkeep:
                assert (day - previous).days == weeks * 7
                previous = day
            assert [s.number for s in sessions if s.kind == MAINTENANCE] == [1, 2, 3]

    def test_therapist_spacing(self):
        sessions = schedule(
            start=MONDAY,
            cycle_length=4,
            spacing=Spacing(first_interval_days=14, later_interval_days=21),
            calendar=PracticeCalendar(maintenance_visits=0),
        )
        assert [(b.day - a.day).days for a, b in itertools.pairwise(sessions)] == [14, 21, 21]

    def test_no_working_days_is_an_error(self):
        with pytest.raises(ValueError):
            PracticeCalendar(working_days=frozenset()).next_open_day(MONDAY)


class TestProposal:
    def test_chronic_back_pain(self):
        proposal = propose(
            KB, regions={"lower-back": 7, "hip": 5}, duration_months=18, factors=["sitting"], today=MONDAY
        )
        assert proposal.chronic and 8 <= proposal.cycle_length <= 12
        assert proposal.verdict.level == "clear"
        assert proposal.focus[0].muscle.slug == "ql"
        assert proposal.start == MONDAY and proposal.cycle_dates[0] == MONDAY
        assert len(proposal.cycle_dates) == proposal.cycle_length and len(proposal.maintenance_dates) == 3

    def test_postpone_starts_later(self):
        proposal = propose(
            KB, regions={"neck": 4}, duration_months=2, contraindications=["fever"], today=MONDAY
        )
        assert proposal.verdict.level == "postpone"
        assert proposal.start == MONDAY + timedelta(days=3)  # the finding's own minimum delay
        later = MONDAY + timedelta(days=30)
        assert (
            propose(
                KB,
                regions={"neck": 4},
                duration_months=2,
                contraindications=["fever"],
                today=MONDAY,
                start=later,
            ).start
            == later
        )

    def test_refer_still_proposes_but_needs_clearance(self):
        proposal = propose(
            KB, regions={"neck": 4}, duration_months=2, contraindications=["numbness"], today=MONDAY
        )
        assert proposal.verdict.needs_clearance and proposal.sessions
        assert proposal.decision.blocked and proposal.decision.dates == "after-clearance"

    @pytest.mark.parametrize(
        "regions",
        [{"neck": 11}, {"neck": -1}],
    )
    def test_intensity_outside_0_to_10(self, regions):
        with pytest.raises(ValueError):
            propose(KB, regions=regions, duration_months=2, today=MONDAY)

    def test_negative_duration(self):
        with pytest.raises(ValueError):
            propose(KB, regions={"neck": 3}, duration_months=-1, today=MONDAY)


class TestChronicAcuteAndNow:
    @pytest.mark.parametrize(
        ("months", "chronic", "acute", "sessions"),
        [
            (0, False, True, (3, 5)),
            (1, False, True, (3, 5)),
            (2, False, False, (3, 5)),
            (3, True, False, (3, 5)),
            (11, True, False, (3, 5)),
            (12, True, False, (8, 12)),
        ],
    )
    def test_chronic_from_three_months_and_the_long_cycle_from_twelve(self, months, chronic, acute, sessions):
        proposal = propose(KB, regions={"neck": 4}, duration_months=months, today=MONDAY)
        assert proposal.chronic is chronic and proposal.acute is acute
        assert sessions[0] <= proposal.cycle_length <= sessions[1]

    def test_never_a_first_session_earlier_today_than_now(self):
        from datetime import time

        late = propose(KB, regions={"neck": 4}, duration_months=2, today=MONDAY, now=time(18, 47))
        assert late.start == MONDAY + timedelta(days=1)
        early = propose(KB, regions={"neck": 4}, duration_months=2, today=MONDAY, now=time(7, 30))
        assert early.start == MONDAY

    def test_never_a_first_session_in_the_past(self):
        past = propose(
            KB, regions={"neck": 4}, duration_months=2, today=MONDAY, start=MONDAY - timedelta(days=3)
        )
        assert past.start == MONDAY
