"""What a client's handout says, as plain data in the client's language.

This module words what the safety gate decided (``core.gate.Decision``) and takes no decision of
its own; ``render.py`` decides the look. The parts: ``structure`` (the plain data), ``sections`` (each
muscle), ``wording`` (notices, rules, dates, warning signs, progress), ``letter`` (a blocked
client's letter). Tested as data in tests/handout/.

- **Blocked** (an uncleared emergency or refer finding): a one-page letter instead of the handout:
  what was found with its advice, what to do now (call 112 or see a doctor first), the warning
  signs and how to reach the practice. No muscles, techniques, stretches, dates or after-care.
- **Otherwise** the handout: the decision's notices at the top, in its order (cleared on, start
  on, postpone and caution advice, light or no pressure), each caution's advice once; per muscle
  the technique the gate allows (its short handout steps, its light variant, or one line why there is
  none) and the first of its stretches the gate allows; general rules that match the pressure;
  the planned dates, none before the earliest start; the warning signs for the client's areas.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.core.planning import CYCLE, MAINTENANCE
from triggerfinder.handout.letter import letter_content
from triggerfinder.handout.sections import muscle_section
from triggerfinder.handout.structure import Handout, HandoutInput
from triggerfinder.handout.wording import day_text, general_rules, notice_text, progress_text, warning_signs

# Three muscles in full keep the handout at about two pages; the plan's other focus muscles are
# named below them.
HANDOUT_MUSCLES = 3


def handout_content(snapshot: KnowledgeSnapshot, data: HandoutInput) -> Handout:
    language = data.language
    with translation.override(language):
        decision = data.decision
        if decision.blocked:
            return letter_content(data)
        sessions = [s for s in data.sessions if decision.start_allowed(s.day)]
        if decision.dates != gate.DATES_PLANNED:
            sessions = []
        cycle = [s for s in sessions if s.kind == CYCLE]
        maintenance = [s for s in sessions if s.kind == MAINTENANCE]
        time = f", {data.session_time}" if data.session_time else ""
        doctor_signs, emergency_signs = warning_signs(decision, language)
        progress = progress_text(data)
        return Handout(
            language=language,
            title=_("Your self-care plan"),
            subject=_("Trigger-point self-treatment, stretches and treatment dates"),
            practice=data.practice,
            client_name=data.client_name,
            date_text=day_text(data.today, language),
            intro=_(
                "These are the muscles we found worth treating, how you can look after them at home, "
                "and your treatment dates."
            ),
            notices=[text for text in (notice_text(n, language) for n in decision.notices) if text],
            general_rules=general_rules(decision.pressure),
            muscles=[
                muscle_section(snapshot, decision, focus, language)
                for focus in list(data.focus)[:HANDOUT_MUSCLES]
            ],
            more_muscles=_("Also worth treating: %(names)s.")
            % {
                "names": ", ".join(
                    focus.muscle.name.get(language) for focus in list(data.focus)[HANDOUT_MUSCLES:]
                )
            }
            if len(data.focus) > HANDOUT_MUSCLES
            else "",
            factor_advice=[
                (
                    snapshot.perpetuating_factors[slug].name.get(language),
                    snapshot.perpetuating_factors[slug].advice.get(language),
                )
                for slug in data.factors
                if slug in snapshot.perpetuating_factors
            ],
            cycle_dates=[
                _("%(number)d of %(total)d: %(day)s")
                % {"number": number, "total": len(cycle), "day": day_text(s.day, language) + time}
                for number, s in enumerate(cycle, start=1)
            ],
            maintenance_dates=[day_text(s.day, language) + time for s in maintenance],
            aftercare=[
                _("Feeling tired or a little sore for 24 to 48 hours after a session is normal."),
                _("Drink plenty of water."),
                _("Go for a walk; gentle movement helps."),
                _("Avoid heavy physical exertion on the day of the treatment."),
            ],
            warning_signs=doctor_signs,
            emergency_signs=emergency_signs,
            progress=progress,
            progress_values=[data.baseline, *(pain for _day, pain in data.pain_before)]
            if progress and data.baseline is not None  # a progress line has its baseline
            else [],
            disclaimer=_(
                "These suggestions name muscles worth treating; they are not a diagnosis and do not replace "
                "a doctor's advice."
            ),
            labels={
                "for": _("For"),
                "muscles": _("Your muscles and what you can do"),
                "stretch": _("Stretch"),
                "factors": _("What keeps the pain going, and what helps"),
                "dates": _("Your treatment dates"),
                "maintenance": _("Afterwards, maintenance visits"),
                "aftercare": _("After each session"),
                "warnings": _("See a doctor if you notice"),
                "emergency": _("Call 112 at once if you notice"),
                "page": _("Page"),
                "diagram": _("Red crosses: trigger points. Shaded: where they can send pain."),
                "progress": _("Your progress"),
            },
        )
