"""The safety gate, as a pure function: what every output may say or schedule (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.knowledge_factory import contraindication, muscle, text
from triggerfinder.core import gate
from triggerfinder.core.knowledge import EscalationRule, Muscle
from triggerfinder.core.screening import SAFETY_FLOORS

TODAY = date(2026, 12, 1)
YESTERDAY = TODAY - timedelta(days=1)

SADDLE = contraindication("saddle-numbness", "emergency")
NUMBNESS = contraindication("numbness", "refer", order=1)
TINGLING = contraindication("tingling", "refer", order=2)
INFECTION = contraindication("infection-risk", "refer", order=3)
FEVER = contraindication("fever", "postpone", postpone_days=3)
SURGERY = contraindication("recent-surgery", "postpone", postpone_days=42)
THINNERS = contraindication("blood-thinners", "caution", pressure="light")
PREGNANCY = contraindication(
    "pregnancy",
    "caution",
    pressure="light",
    excluded_muscles=frozenset({"iliopsoas"}),
    excluded_stretches=frozenset({"knee-to-chest"}),
)
LYMPH = contraindication("lymphoedema", "caution", pressure="none")

FEVER_AND_INFECTION = EscalationRule(
    "fever-with-infection-risk",
    "emergency",
    (frozenset({"fever"}), frozenset({"infection-risk"})),
    text("why"),
)


def found(*contraindications, on: date = YESTERDAY, resolved: date | None = None) -> list[gate.Finding]:
    return [
        gate.Finding(key=c.slug, contraindication=c, recorded_on=on, resolved_on=resolved)
        for c in contraindications
    ]


def cleared(*keys: str, on: date = TODAY) -> gate.Clearance:
    return gate.Clearance(key=f"c-{'-'.join(keys)}", cleared_on=on, covers=frozenset(keys))


def with_light(slug: str) -> Muscle:
    plain = muscle(slug, lower_back=3)
    return Muscle(**{**plain.__dict__, "light_steps": text("1. Press lightly against a wall.")})


def test_nothing_found_allows_everything():
    decision = gate.decide([], today=TODAY)
    assert decision.level == "clear" and not decision.blocked
    assert decision.may_accept and decision.may_export_calendar and decision.may_treat(TODAY)
    assert decision.dates == gate.DATES_PLANNED
    assert decision.technique(muscle("ql", lower_back=3)) == gate.TECHNIQUE_FULL
    assert decision.notices == ()


def test_an_uncleared_emergency_blocks_every_output_and_shows_no_dates():
    decision = gate.decide(found(SADDLE, THINNERS), today=TODAY)
    assert decision.blocked and decision.emergency
    assert not (decision.may_accept or decision.may_print_techniques or decision.may_export_calendar)
    assert not decision.may_treat(TODAY)
    assert decision.dates == gate.DATES_NONE
    assert decision.technique(muscle("ql", lower_back=3)) == gate.TECHNIQUE_OMIT
    assert not decision.stretch_allowed("stretch")
    assert decision.treatable_muscles(["ql", "gmed"]) == []
    assert (
        decision.notices[0].kind == gate.NOTICE_EMERGENCY and decision.notices[0].finding.slug == SADDLE.slug
    )


def test_refer_shows_dates_only_as_after_clearance():
    decision = gate.decide(found(NUMBNESS), today=TODAY)
    assert decision.blocked and not decision.emergency
    assert decision.dates == gate.DATES_AFTER_CLEARANCE
    assert [n.kind for n in decision.notices] == [gate.NOTICE_SEE_DOCTOR]


def test_a_valid_clearance_unblocks_and_the_cautions_stay():
    decision = gate.decide(found(NUMBNESS, THINNERS), [cleared("numbness")], today=TODAY)
    assert decision.cleared and not decision.blocked and decision.may_treat(TODAY)
    kinds = [n.kind for n in decision.notices]
    assert gate.NOTICE_SEE_DOCTOR not in kinds and gate.NOTICE_CLEARED in kinds
    assert gate.NOTICE_CAUTION in kinds and decision.pressure == "light"


@pytest.mark.parametrize(
    ("clearance", "why"),
    [
        (cleared("numbness", on=YESTERDAY - timedelta(days=360)), "dated before the finding"),
        (cleared("numbness", on=TODAY + timedelta(days=1)), "in the future"),
        (cleared("tingling"), "names another finding"),
    ],
)
def test_a_clearance_that_does_not_cover_the_finding_leaves_it_blocked(clearance, why):
    decision = gate.decide(found(NUMBNESS), [clearance], today=TODAY)
    assert decision.blocked, why


def test_a_partial_clearance_leaves_the_other_finding_blocking():
    decision = gate.decide(found(NUMBNESS, TINGLING), [cleared("numbness")], today=TODAY)
    assert decision.blocked and [f.slug for f in decision.uncovered] == ["tingling"]


def test_a_finding_recorded_after_the_clearance_is_not_covered():
    old = gate.Finding(key=1, contraindication=NUMBNESS, recorded_on=YESTERDAY - timedelta(days=30))
    new = gate.Finding(key=2, contraindication=NUMBNESS, recorded_on=YESTERDAY)
    clearance = gate.Clearance(key="c", cleared_on=YESTERDAY - timedelta(days=20), covers=frozenset({1}))
    assert not gate.decide([old], [clearance], today=TODAY).blocked
    assert gate.decide([new], [clearance], today=TODAY).blocked


def test_a_safety_floor_wins_over_a_lowered_knowledge_base():
    lowered = contraindication("saddle-numbness", "caution")
    decision = gate.decide(found(lowered), today=TODAY)
    assert decision.level == "emergency" and decision.emergency


def test_every_floor_names_a_blocking_level():
    assert {level for level in SAFETY_FLOORS.values()} <= {"emergency", "refer"}
    assert SAFETY_FLOORS["saddle-numbness"] == SAFETY_FLOORS["bladder-bowel-dysfunction"] == "emergency"


def test_fever_with_infection_risk_escalates_to_emergency_with_its_reason():
    decision = gate.decide(found(FEVER, INFECTION), today=TODAY, rules=[FEVER_AND_INFECTION])
    assert decision.level == "emergency" and decision.emergency
    assert {f.slug for f in decision.blocking} == {"fever", "infection-risk"}
    assert any(
        n.kind == gate.NOTICE_ESCALATED and n.escalation.rule is FEVER_AND_INFECTION for n in decision.notices
    )
    # The clearance must name both findings of the combination.
    assert gate.decide(
        found(FEVER, INFECTION), [cleared("infection-risk")], today=TODAY, rules=[FEVER_AND_INFECTION]
    ).blocked
    both = gate.Clearance(key="c", cleared_on=TODAY, covers=frozenset({"fever", "infection-risk"}))
    assert not gate.decide(found(FEVER, INFECTION), [both], today=TODAY, rules=[FEVER_AND_INFECTION]).blocked


def test_fever_alone_does_not_escalate():
    assert gate.decide(found(FEVER), today=TODAY, rules=[FEVER_AND_INFECTION]).level == "postpone"


def test_each_postpone_reason_has_its_own_delay():
    assert gate.decide(found(FEVER, on=TODAY), today=TODAY).not_before == TODAY + timedelta(days=3)
    decision = gate.decide(found(FEVER, SURGERY, on=TODAY), today=TODAY)
    assert decision.not_before == TODAY + timedelta(days=42) and decision.postponed
    assert decision.earliest_start() == TODAY + timedelta(days=42)
    assert decision.earliest_start(TODAY + timedelta(days=60)) == TODAY + timedelta(days=60)
    assert not decision.start_allowed(TODAY + timedelta(days=41))


def test_resolving_a_postponement_early_does_not_shorten_it():
    resolved = gate.decide(found(SURGERY, on=YESTERDAY, resolved=TODAY), today=TODAY)
    assert resolved.not_before == YESTERDAY + timedelta(days=42)
    assert not resolved.may_treat(TODAY) and resolved.may_treat(YESTERDAY + timedelta(days=42))


def test_no_session_while_a_postpone_finding_is_still_current():
    long_ago = TODAY - timedelta(days=10)
    decision = gate.decide(found(FEVER, on=long_ago), today=TODAY)
    assert not decision.postponed and not decision.may_treat(TODAY)
    assert gate.decide(found(FEVER, on=long_ago, resolved=TODAY - timedelta(days=1)), today=TODAY).may_treat(
        TODAY
    )


def test_light_pressure_prints_the_light_variant_or_nothing():
    decision = gate.decide(found(THINNERS), today=TODAY)
    assert decision.technique(with_light("ql")) == gate.TECHNIQUE_LIGHT
    assert decision.technique(muscle("gmed", lower_back=3)) == gate.TECHNIQUE_OMIT
    assert any(n.kind == gate.NOTICE_LIGHT_PRESSURE for n in decision.notices)


def test_a_caution_leaves_out_the_muscles_and_stretches_it_names():
    decision = gate.decide(found(PREGNANCY), today=TODAY)
    assert decision.technique(with_light("iliopsoas")) == gate.TECHNIQUE_OMIT
    assert decision.excluded_muscles["iliopsoas"] == (PREGNANCY,)
    assert decision.technique(with_light("ql")) == gate.TECHNIQUE_LIGHT
    assert not decision.stretch_allowed("knee-to-chest") and decision.stretch_allowed("figure-four")
    assert decision.treatable_muscles(["iliopsoas", "ql"]) == ["ql"]


def test_no_pressure_at_all_omits_every_technique_but_keeps_stretches():
    decision = gate.decide(found(LYMPH, THINNERS), today=TODAY)
    assert decision.pressure == "none"
    assert decision.technique(with_light("ql")) == gate.TECHNIQUE_OMIT
    assert decision.stretch_allowed("knee-to-chest")


def test_a_resolved_caution_no_longer_changes_anything():
    decision = gate.decide(found(PREGNANCY, resolved=TODAY), today=TODAY)
    assert decision.level == "clear" and decision.pressure == "normal" and not decision.excluded_muscles


def test_warning_signs_follow_the_body_areas():
    lower = contraindication(
        "saddle-numbness", "emergency", client_warning=True, warning_regions=frozenset({"lower-back"})
    )
    upper = contraindication(
        "thunderclap-headache", "emergency", client_warning=True, warning_regions=frozenset({"head"})
    )
    general = contraindication("chest-pain", "emergency", client_warning=True)
    silent = contraindication("dizziness", "refer")
    catalogue = [lower, upper, general, silent]
    neck = gate.decide([], today=TODAY, areas={"head"}, warning_catalogue=catalogue)
    assert [c.slug for c in neck.warning_signs] == ["chest-pain", "thunderclap-headache"]
    both = gate.decide([], today=TODAY, areas={"head", "lower-back"}, warning_catalogue=catalogue)
    assert {c.slug for c in both.warning_signs} == {"saddle-numbness", "thunderclap-headache", "chest-pain"}
    unknown = gate.decide([], today=TODAY, warning_catalogue=catalogue)
    assert len(unknown.warning_signs) == 3


def test_clearance_problems_are_named():
    decision = gate.decide(found(NUMBNESS, THINNERS), today=TODAY)
    assert gate.clearance_problems(decision, cleared_on=TODAY, covers=["numbness"]) == []
    assert gate.clearance_problems(decision, cleared_on=TODAY, covers=[]) == [gate.CLEARANCE_NOTHING]
    assert gate.clearance_problems(decision, cleared_on=TODAY + timedelta(days=1), covers=["numbness"]) == [
        gate.CLEARANCE_IN_FUTURE
    ]
    assert gate.clearance_problems(decision, cleared_on=TODAY, covers=["blood-thinners"]) == [
        gate.CLEARANCE_NOT_NEEDED
    ]
    assert gate.clearance_problems(
        decision, cleared_on=YESTERDAY - timedelta(days=1), covers=["numbness"]
    ) == [gate.CLEARANCE_BEFORE_FINDING]


def test_red_flags_are_cleared_never_ticked_off():
    decision = gate.decide(found(NUMBNESS, THINNERS), today=TODAY)
    assert not gate.may_resolve(decision, "numbness")
    assert gate.may_resolve(decision, "blood-thinners")
    assert not gate.may_resolve(decision, "unknown")


@pytest.mark.parametrize(("older", "newer"), [(11, 12), (9, 10), (99, 100)])
def test_the_same_red_flag_found_again_needs_its_own_clearance(older, newer):
    """Found by tests/test_gate_properties.py: the second finding of a kind must not hide behind
    the first one's clearance, whatever the ids."""
    first = gate.Finding(key=older, contraindication=NUMBNESS, recorded_on=TODAY)
    again = gate.Finding(key=newer, contraindication=NUMBNESS, recorded_on=TODAY)
    decision = gate.decide([first, again], [cleared_by(older)], today=TODAY)
    assert decision.blocked and [f.key for f in decision.uncovered] == [newer]
    assert [r.slug for r in decision.verdict.reasons] == ["numbness"]  # one reason per kind


def cleared_by(key: int) -> gate.Clearance:
    return gate.Clearance(key="c", cleared_on=TODAY, covers=frozenset({key}))


def test_an_appointment_is_booked_only_without_an_uncleared_red_flag_and_after_a_postponement():
    assert gate.decide([], today=TODAY).may_book(TODAY)
    assert not gate.decide(found(SADDLE), today=TODAY).may_book(TODAY + timedelta(days=30))
    assert not gate.decide(found(NUMBNESS), today=TODAY).may_book(TODAY + timedelta(days=30))
    assert gate.decide(found(NUMBNESS), [cleared("numbness")], today=TODAY).may_book(TODAY)
    postponed = gate.decide(found(SURGERY, on=TODAY), today=TODAY)
    assert not postponed.may_book(TODAY + timedelta(days=41))
    # A booking after the delay is allowed while the finding is still current (the visit may
    # then be postponed again), unlike recording a session, which needs it resolved.
    assert postponed.may_book(TODAY + timedelta(days=42)) and not postponed.may_treat(
        TODAY + timedelta(days=42)
    )


@pytest.mark.parametrize(
    ("findings", "clearances", "shows"),
    [
        ("clear", [], gate.FEED_WITH_PLAN),
        ("emergency", [], gate.FEED_TIME_ONLY),
        ("refer", [], gate.FEED_TIME_ONLY),
        ("refer", [cleared("numbness")], gate.FEED_WITH_PLAN),
        ("caution", [], gate.FEED_WITH_PLAN),
    ],
)
def test_the_calendar_feed_keeps_the_booked_time_but_no_plan_while_blocked(findings, clearances, shows):
    """The therapist's feed lists every booked time (the appointment stays in the calendar); only an
    uncleared red flag takes the plan's treatment number out of it."""
    rows = {"emergency": found(SADDLE), "refer": found(NUMBNESS), "caution": found(THINNERS)}.get(
        findings, []
    )
    decision = gate.decide(rows, clearances, today=TODAY)
    assert decision.calendar_feed == shows
    assert (shows == gate.FEED_TIME_ONLY) == decision.blocked == (not decision.may_export_calendar)
