"""What the letter of a blocked client says: what was found with its advice, what to do now
(call 112 or see a doctor first), the warning signs and how to reach the practice; nothing about
treating."""

from __future__ import annotations

from django.utils.translation import gettext as _

from triggerfinder.core import gate
from triggerfinder.handout.structure import FindingText, Handout, HandoutInput
from triggerfinder.handout.wording import day_text, required, warning_signs


def _letter_findings(decision: gate.Decision, language: str) -> list[FindingText]:
    labels = {f.slug: f.contraindication.label.get(language) for f in decision.findings}
    found: dict[str, list[str]] = {}  # advice -> labels, in the order of the notices
    for notice in decision.notices:
        if notice.kind in (gate.NOTICE_EMERGENCY, gate.NOTICE_SEE_DOCTOR):
            finding = required(notice.finding, notice)
            label, advice = finding.label.get(language), finding.client_advice.get(language)
        elif notice.kind == gate.NOTICE_ESCALATED:
            escalation = required(notice.escalation, notice)
            label = " + ".join(labels.get(slug, slug) for slug in escalation.findings)
            advice = escalation.rule.reason.get(language)
        else:
            continue
        found.setdefault(advice, []).append(label)
    return [FindingText(tuple(names), advice) for advice, names in found.items()]


def letter_content(data: HandoutInput) -> Handout:
    """Blocked: what was found and what to do now, on one page; nothing about treating."""
    language, decision, practice = data.language, data.decision, data.practice
    # The signs the client has now are among what was found, with their advice: not again below.
    told = frozenset(f.slug for f in decision.blocking)
    doctor_signs, emergency_signs = warning_signs(decision, language, told=told)
    if decision.emergency:
        title = _("Please get medical help today")
        actions = [
            _("Call 112 now or go to an emergency department today."),
            _("Do not wait for your next appointment, and do not treat yourself."),
        ]
    else:
        title = _("Please have this checked first")
        actions = [
            _("Please see your doctor before any treatment or self-treatment."),
            _("Please take this letter with you."),
        ]
    return Handout(
        language=language,
        title=title,
        subject=_("What you told us and what to do now"),
        practice=practice,
        client_name=data.client_name,
        date_text=day_text(data.today, language),
        intro="",
        letter=True,
        actions=actions,
        findings=_letter_findings(decision, language),
        contact=[line for line in (practice.name, practice.address, practice.phone) if line],
        warning_signs=doctor_signs,
        emergency_signs=emergency_signs,
        disclaimer=_("This letter is not a diagnosis."),
        labels={
            "for": _("For"),
            "found": _("What you told us"),
            "warnings": _("See a doctor soon if you notice"),
            "emergency": _("Call 112 at once if you notice"),
            "contact": _("Questions? Please call us"),
            "page": "",
        },
    )
