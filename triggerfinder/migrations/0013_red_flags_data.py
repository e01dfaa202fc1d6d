"""A knowledge base loaded before the §5.5 red flags gets them (facts §5.5; issue 14).

``load_knowledge`` keeps existing entries as they are. Once, here:

- the contraindications new in the shipped file are added (cauda equina sexual dysfunction,
  symptoms in both legs, myelopathy, spontaneous dissection, aortic dissection, sudden pain with an
  aneurysm risk, giant cell arteritis with visual signs, and the other §5.5 red flags), with their
  warning areas;
- the shipped escalation rules not yet present are added (age over 50 with new back pain or the
  inflammatory pattern, together with another red flag → refer);
- the level and text fixes of existing entries are applied field by field, but only where the row
  still holds the value shipped before (``OLD_SHIPPED``): an edit made in the admin is kept. A
  level (and its order) moves only together with the client advice, so that a practice that rewrote
  the advice for "see a doctor first" keeps a level that matches it.

An empty database is left to ``load_knowledge``.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations
from django.db.models import F

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"
LINKS = {"excluded_muscles": "Muscle", "excluded_stretches": "Stretch", "warning_regions": "BodyRegion"}
FIELDS = [
    "level",
    "order",
    "label_de",
    "label_en",
    "therapist_note_de",
    "therapist_note_en",
    "client_advice_de",
    "client_advice_en",
    "postpone_days",
    "pressure",
    "client_warning",
]
# Fields that change only together (all still at their old value) or not at all.
TOGETHER = [("level", "order", "client_advice_de", "client_advice_en")]

# The values shipped before this migration, for every field it changes.
OLD_SHIPPED = {
    "acute-injury": {
        "label_de": "Frische Verletzung (Zerrung, Verstauchung, Bruch) im Behandlungsgebiet",
        "label_en": "Recent injury (strain, sprain, fracture) in the treatment area",
        "therapist_note_de": "Frische Zerrung, Verstauchung oder Fraktur: Bereich nicht "
        "behandeln; je nach Verletzung etwa 1–6 Wochen warten oder "
        "die ärztliche Freigabe abwarten. Die App plant den Beginn "
        "frühestens 7 Tage nach der Erfassung – das Minimum, nach "
        "schwereren Verletzungen später beginnen. Ein frischer "
        "Bruch, der noch nicht ärztlich untersucht wurde, muss "
        "zuerst ärztlich abgeklärt werden.",
        "therapist_note_en": "Recent strain, sprain or fracture: do not treat the area; "
        "depending on the injury, wait roughly 1–6 weeks or until "
        "medical clearance. The app plans the start no earlier than "
        "7 days after the finding was recorded – the minimum; start "
        "later after more serious injuries. A fresh fracture that a "
        "doctor has not yet assessed must be checked by a doctor "
        "first.",
    },
    "brainstem-signs": {
        "client_advice_de": "Bitte lassen Sie das sofort ärztlich abklären: Rufen Sie "
        "den Notruf 112 oder gehen Sie noch heute in die "
        "Notaufnahme. Eine Massage oder Selbstbehandlung ist "
        "jetzt nicht möglich.",
        "client_advice_en": "Please get medical help straight away: call the "
        "emergency number (112 in Europe) or go to an emergency "
        "department today. Massage or self-treatment is not "
        "possible now.",
    },
    "cancer-history": {
        "client_advice_de": "Bitte besprechen Sie Ihre Rückenschmerzen zuerst mit "
        "Ihrer Ärztin oder Ihrem Arzt. Festerer Druck ist nur mit "
        "Freigabe Ihrer onkologischen Behandlung möglich.",
        "client_advice_en": "Please discuss your back pain with your doctor first. "
        "Firmer pressure is only possible with clearance from your "
        "cancer care team.",
    },
    "giant-cell-arteritis": {
        "client_advice_de": "Bitte lassen Sie das dringend ärztlich abklären, am "
        "besten noch heute oder morgen. Bis dahin bitte "
        "keine Triggerpunkt-Behandlung und keine "
        "Selbstbehandlung mit Ball oder Rolle.",
        "client_advice_en": "Please have this checked by a doctor urgently, "
        "ideally today or tomorrow. Until then, please no "
        "trigger point treatment and no self-treatment with "
        "a ball or roller.",
        "label_de": "Neuer Kopfschmerz ab 50 mit Kauschmerz oder empfindlicher Schläfe",
        "label_en": "New headache after age 50 with jaw pain on chewing or a tender temple",
        "sources": "PW-BOH",
        "therapist_note_de": "Ab 50 Jahren mit neuem Kopfschmerz, Kieferschmerz "
        "beim Kauen (Claudicatio) und druckempfindlicher "
        "Kopfhaut oder Schläfenarterie besteht Verdacht auf "
        "Riesenzellarteriitis. Dringend (am selben oder "
        "nächsten Tag) ärztlich abklären lassen; keine "
        "Behandlung im Kopf- und Schläfenbereich.",
        "therapist_note_en": "Age 50 or over with a new headache, jaw "
        "claudication and tender scalp or temporal artery "
        "suggests giant cell arteritis. Urgent medical "
        "assessment (same or next day); no treatment around "
        "the head and temples.",
    },
    "infection-risk": {
        "client_advice_de": "Bitte klären Sie neue Rückenschmerzen zuerst ärztlich ab. "
        "Bei Fieber rufen Sie bitte sofort ärztliche Hilfe.",
        "client_advice_en": "Please have new back pain checked by a doctor first. If "
        "you have a fever, seek medical help straight away.",
    },
    "inflammatory-back-pain": {
        "client_advice_de": "Ihr Beschwerdebild sollte ärztlich abgeklärt "
        "werden, am besten in der Rheumatologie.",
        "client_advice_en": "Your symptoms should be checked by a doctor, ideally a rheumatologist.",
        "level": "refer",
        "order": 240,
        "sources": "ASAS, NASS",
        "therapist_note_de": "ASAS-Kriterien: mindestens 4 von 5 – Beginn vor "
        "dem 40. Lebensjahr, schleichender Beginn, "
        "Besserung durch Bewegung, keine Besserung in "
        "Ruhe, nächtlicher Schmerz, der beim Aufstehen "
        "besser wird. Verdacht auf eine entzündliche "
        "Wirbelsäulenerkrankung (z. B. Morbus Bechterew): "
        "rheumatologische Abklärung.",
        "therapist_note_en": "ASAS criteria: at least 4 of 5 – onset before "
        "age 40, gradual onset, better with exercise, not "
        "better with rest, night pain that improves on "
        "getting up. Suspected inflammatory spinal "
        "disease (e.g. ankylosing spondylitis): "
        "rheumatology assessment.",
    },
    "older-age-new-onset": {
        "client_advice_de": "Bitte lassen Sie neu aufgetretene Rückenschmerzen zuerst ärztlich abklären.",
        "client_advice_en": "Please have newly started back pain checked by a doctor first.",
        "level": "refer",
        "order": 230,
        "sources": "GCARE, NVL-RF, DOW13",
        "therapist_note_de": "Höheres Alter bzw. erstmaliges Auftreten nach 50 "
        "(in manchen Leitlinien 55) ist allein wenig "
        "aussagekräftig, erhöht aber zusammen mit anderen "
        "Warnzeichen die Wahrscheinlichkeit einer ernsten "
        "Ursache. Ärztliche Abklärung empfehlen, besonders "
        "wenn weitere Warnzeichen vorliegen.",
        "therapist_note_en": "Older age or first onset after 50 (55 in some "
        "guidelines) means little on its own, but combined "
        "with other red flags it raises the likelihood of a "
        "serious cause. Recommend medical assessment, "
        "especially if other red flags are present.",
    },
    "progressive-neurological-deficit": {
        "label_de": "Zunehmende Lähmung oder Schwäche, beide Beine betroffen",
        "label_en": "Increasing paralysis or weakness, or both legs affected",
        "therapist_note_de": "Ausgeprägte oder fortschreitende "
        "neurologische Ausfälle (Lähmung, "
        "Gefühlsverlust), beidseitige "
        "Ischiasbeschwerden, zunehmende "
        "beidseitige Beinschwäche oder "
        "Gangstörung gelten als Notfall. "
        "Achtung: Nachlassender Schmerz bei "
        "zunehmender Lähmung ist kein gutes "
        "Zeichen. Keine Behandlung; sofortige "
        "ärztliche Notfallabklärung.",
        "therapist_note_en": "Marked or progressive neurological "
        "deficit (paralysis, loss of "
        "sensation), sciatica in both legs, "
        "increasing weakness in both legs or "
        "difficulty walking are emergencies. "
        "Note: pain easing while weakness "
        "increases is not a good sign. Do not "
        "treat; arrange immediate emergency "
        "assessment.",
    },
    "pulsating-abdominal-mass": {
        "client_advice_de": "Bitte lassen Sie das sofort ärztlich abklären: "
        "Rufen Sie den Notruf 112 oder gehen Sie noch "
        "heute in die Notaufnahme. Eine Massage oder "
        "Selbstbehandlung ist jetzt nicht möglich.",
        "client_advice_en": "Please get medical help straight away: call the "
        "emergency number (112 in Europe) or go to an "
        "emergency department today. Massage or "
        "self-treatment is not possible now.",
        "therapist_note_de": "Neue Rücken-, Flanken- oder Bauchschmerzen bei "
        "älteren Personen (besonders Männer, Raucher) "
        "mit tastbar pulsierender Masse im Bauch können "
        "auf ein Aortenaneurysma hindeuten; bei "
        "Kreislaufschwäche oder Kollaps akute "
        "Lebensgefahr. Niemals auf eine pulsierende "
        "Struktur drücken. Sofort Notruf.",
        "therapist_note_en": "New back, flank or abdominal pain in an older "
        "person (especially male smokers) with a "
        "pulsating abdominal mass may indicate an "
        "aortic aneurysm; with low blood pressure or "
        "collapse it is life-threatening. Never press "
        "on a pulsating structure. Call emergency "
        "services at once.",
    },
    "suspected-arterial-dissection": {
        "client_advice_de": "Bitte lassen Sie das sofort ärztlich "
        "abklären: Rufen Sie den Notruf 112 oder "
        "gehen Sie noch heute in die Notaufnahme. "
        "Eine Massage oder Selbstbehandlung ist "
        "jetzt nicht möglich.",
        "client_advice_en": "Please get medical help straight away: "
        "call the emergency number (112 in Europe) "
        "or go to an emergency department today. "
        "Massage or self-treatment is not possible "
        "now.",
        "therapist_note_de": "Verdacht auf Gefäßdissektion: neuer, "
        "starker einseitiger "
        "Nacken-/Hinterkopfschmerz nach Trauma "
        "oder Manipulation plus Doppelbilder, "
        "Sprech- oder Schluckstörung, Schwäche "
        "einer Extremität oder Horner-Zeichen "
        "(hängendes Lid, enge Pupille). Keine "
        "Nackenbehandlung; sofort Notruf.",
        "therapist_note_en": "Suspected arterial dissection: new severe "
        "one-sided neck/occipital pain after "
        "trauma or manipulation plus double "
        "vision, slurred speech, difficulty "
        "swallowing, limb weakness or Horner signs "
        "(drooping eyelid, small pupil). No neck "
        "treatment; call emergency services at "
        "once.",
    },
}


def _shipped_value(item, name):
    value = item.get(name)
    return ", ".join(value) if name == "sources" else value


def _fix(contraindication, item, old):
    """The fields of ``contraindication`` still at their ``old`` value take the shipped one."""
    fixed = []
    untouched = {name for name, value in old.items() if getattr(contraindication, name) == value}
    for group in TOGETHER:
        present = [name for name in group if name in old]
        if not set(present) <= untouched:
            untouched -= set(group)
    for name in sorted(untouched):
        setattr(contraindication, name, _shipped_value(item, name))
        fixed.append(name)
    return fixed


def forwards(apps, schema_editor):
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    if not Contraindication.objects.exists():
        return
    try:
        document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    shipped = {c.get("slug"): c for c in document.get("contraindications", [])}
    existing = set(Contraindication.objects.values_list("slug", flat=True))
    changed = False

    for slug in sorted(set(shipped) - existing):
        item = shipped[slug]
        c = Contraindication.objects.create(
            slug=slug,
            **{name: item[name] for name in FIELDS if name in item},
            sources=", ".join(item.get("sources", [])),
        )
        for name, model_name in LINKS.items():
            model = apps.get_model("triggerfinder", model_name)
            getattr(c, name).set(model.objects.filter(slug__in=item.get(name, [])))
        changed = True

    for c in Contraindication.objects.filter(slug__in=OLD_SHIPPED):
        item = shipped.get(c.slug)
        if item is None:
            continue
        fixed = _fix(c, item, OLD_SHIPPED[c.slug])
        if fixed:
            c.save(update_fields=fixed)
            Contraindication.objects.filter(pk=c.pk).update(version=F("version") + 1)
            changed = True

    EscalationRule = apps.get_model("triggerfinder", "EscalationRule")
    known = set(Contraindication.objects.values_list("slug", flat=True))
    for rule in document.get("escalation_rules", []):
        slugs = {slug for group in rule.get("groups", []) for slug in group}
        if EscalationRule.objects.filter(slug=rule.get("slug")).exists() or not slugs <= known:
            continue
        EscalationRule.objects.create(
            slug=rule["slug"],
            level=rule["level"],
            order=rule.get("order", 0),
            groups=rule["groups"],
            reason_de=rule["reason_de"],
            reason_en=rule["reason_en"],
            sources=", ".join(rule.get("sources", [])),
        )
        changed = True

    if changed:  # every process rebuilds its knowledge snapshot
        KnowledgeState = apps.get_model("triggerfinder", "KnowledgeState")
        KnowledgeState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("triggerfinder", "0012_chronic_from_three_months")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
