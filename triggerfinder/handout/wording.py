"""The handout's words for what the gate decided, apart from the muscles: the dates, the
notices at the top, the general rules that match the pressure, the warning signs and the
progress line. Called inside the client's language (``translation.override``)."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.utils import dateformat
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NONE, Contraindication
from triggerfinder.core.outcomes import MINIMAL, NONE, RELEVANT, SUBSTANTIAL, WORSE, change_from_baseline
from triggerfinder.core.screening import EMERGENCY
from triggerfinder.handout.structure import HandoutInput

T = TypeVar("T")


def required(value: T | None, notice: gate.Notice) -> T:
    """A field the gate always sets on a notice of this kind (a finding, a day, an escalation)."""
    if value is None:
        raise ValueError(f"a {notice.kind!r} notice without its finding, day or escalation")
    return value


def day_text(value: date, language: str) -> str:
    return dateformat.format(value, "D, j. N Y" if language == "de" else "D, j N Y")


def _advice(finding: Contraindication, language: str) -> str:
    return f"{finding.label.get(language)}: {finding.client_advice.get(language)}"


def notice_text(notice: gate.Notice, language: str) -> str:
    """One of the handout's notices in words (the blocking kinds belong to the letter)."""
    kind = notice.kind
    if kind == gate.NOTICE_CLEARED:
        return _(
            "Your doctor cleared the treatment on %(day)s. Still stop at once if your complaints change."
        ) % {"day": day_text(required(notice.day, notice), language)}
    if kind == gate.NOTICE_START_ON:
        return _("Please start the exercises only on %(day)s, not before.") % {
            "day": day_text(required(notice.day, notice), language)
        }
    if kind in (gate.NOTICE_POSTPONE, gate.NOTICE_CAUTION):
        return _advice(required(notice.finding, notice), language)
    if kind == gate.NOTICE_LIGHT_PRESSURE:
        return _(
            "Light pressure only: use the gentle variants below and stop at mild discomfort (about 3 of 10)."
        )
    if kind == gate.NOTICE_NO_PRESSURE:
        return _(
            "Please do not press on trigger points yourself for now; your therapist will show you a "
            "gentle way. The stretches below are fine."
        )
    return ""


def general_rules(pressure: str) -> list[str]:
    stop = _("Stop and tell us if you feel numbness, tingling or pain shooting into an arm or leg.")
    if pressure == PRESSURE_NONE:
        return [_("No pressure techniques for now: only the stretches below, slowly and without pain."), stop]
    if pressure == PRESSURE_LIGHT:
        return [
            _("Use calm, light pressure for a few minutes at a time."),
            _("Press only lightly and stop at mild discomfort (about 3 of 10)."),
            _("Use your hands or a soft ball against a wall; never lie on a ball."),
            stop,
        ]
    return [
        _("Use calm, gentle pressure for a few minutes at a time."),
        _("Pressure may feel uncomfortable but never sharp: if it hurts too much, press more lightly."),
        stop,
    ]


def warning_signs(
    decision: gate.Decision, language: str, *, told: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """The gate's warning signs for the client's areas, less those in ``told``: (see a doctor,
    call 112)."""
    signs = [s for s in decision.warning_signs if s.slug not in told]
    doctor = [s.label.get(language) for s in signs if s.level != EMERGENCY]
    emergency = [s.label.get(language) for s in signs if s.level == EMERGENCY]
    return doctor, emergency


def progress_text(data: HandoutInput) -> str:
    """The client's pain since the last visit against the intake, worded by ``core.outcomes``'
    category (substantial / relevant / minimal / none) in words a client understands."""
    if data.baseline is None or len(data.pain_before) < 2:
        return ""
    day, now = data.pain_before[-1]
    change = change_from_baseline(data.baseline, now)
    text = _(
        "Your pain: %(baseline)d/10 when we started, %(now)d/10 in the days before your last visit (%(day)s)."
    ) % {"baseline": data.baseline, "now": change.current, "day": day_text(day, data.language)}
    verdicts = {
        SUBSTANTIAL: _("That is a clear improvement: your pain has at least halved."),
        # xgettext:no-python-format
        RELEVANT: _("That is a real improvement: your pain is at least 30 % lower."),
        MINIMAL: _("Your pain is a little lower; we will keep an eye on how it develops."),
        NONE: _("Your pain has not changed much yet; we will talk about how to go on."),
        WORSE: _("Your pain is stronger than when we started; please tell us at your next visit."),
    }
    if change.category in verdicts:
        text += " " + verdicts[change.category]
    return text
