"""The muscles a therapist expects for the seed's shoulder and leg regions (issue 14).

Adds supraspinatus and subscapularis (shoulders), vastus medialis and the adductors longus/brevis
(leg), with their referrals, stretches and perpetuating factors, and the two new stretches, from the
shipped file, to a knowledge base loaded before them: ``load_knowledge`` keeps existing entries, so
they come once from here. An entry of the same slug an admin added already is kept as it is.

The leg muscles join the pregnancy and varicose-veins exclusions (thigh pressure; deep pressure on
the inner thighs in pregnancy). Their explanations and advice take the shipped wording only where
the row still holds the text shipped before (``OLD_SHIPPED``), so an admin's edits stay.

An empty database is left to ``load_knowledge``.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations
from django.db.models import F

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"
NEW_MUSCLES = ["supraspinatus", "subscapularis", "vastus-medialis", "adductor-longus-brevis"]
NEW_STRETCHES = ["doorway-external-rotation", "seated-butterfly"]
EXCLUSIONS = {
    "pregnancy": ["adductor-longus-brevis", "vastus-medialis"],
    "varicose-veins": ["adductor-longus-brevis", "vastus-medialis"],
}
MUSCLE_FIELDS = [
    "latin_name",
    "name_de",
    "name_en",
    "view",
    "trigger_points_de",
    "trigger_points_en",
    "referral_de",
    "referral_en",
    "causes_de",
    "causes_en",
    "cautions_de",
    "cautions_en",
]
STRETCH_FIELDS = [
    "name_de",
    "name_en",
    "instructions_de",
    "instructions_en",
    "hold_seconds",
    "repetitions",
    "caution_de",
    "caution_en",
]

# The texts shipped before this migration, for every field it changes.
OLD_SHIPPED = {
    "pregnancy": {
        "therapist_note_de": "Bei unkomplizierter Schwangerschaft ist Massage nach den vorliegenden Studien (ab etwa der 12. Woche) im Allgemeinen sicher. Ab etwa der 20. Woche in Seitenlage statt Rückenlage lagern (Vena-cava-Kompression); kein tiefer Druck an den Beinen (erhöhte Thromboseneigung); keine Bauch- oder Psoasarbeit. In den Anleitungen: nur die sanfte Variante (im Stehen oder Sitzen); keine Techniken an Bauch, Hüftbeuger und Waden; keine Dehnungen in Rücken- oder Bauchlage (Vierer-Dehnung, Knie zur Brust, Knie zur gegenüberliegenden Schulter, Oberschenkel-Rückseite mit Gurt, Aufrichten aus der Bauchlage).",
        "therapist_note_en": "In uncomplicated pregnancy, massage is generally safe according to the available trials (from about week 12). From about week 20, use side-lying instead of lying on the back (vena cava compression); no deep pressure on the legs (raised thrombosis risk); no abdominal or psoas work. In the instructions: only the light variant (standing or sitting); no techniques on the belly, hip flexors and calves; no stretches lying on the back or belly (figure-four, knee to chest, knee to opposite shoulder, hamstring strap, prone press-up).",
        "client_advice_de": "Bitte sagen Sie Bescheid, dass Sie schwanger sind. Die Behandlung wird angepasst, zum Beispiel in Seitenlage und ohne Druck auf Bauch und Beine. Drücken Sie auch selbst nur leicht. Übungen an Bauch, Hüftbeuger und Waden und Dehnungen im Liegen auf dem Rücken oder Bauch fallen für Sie weg.",
        "client_advice_en": "Please tell us that you are pregnant. Treatment will be adapted, for example lying on your side and without pressure on your belly and legs. Press only lightly yourself too. Exercises for the belly, hip flexors and calves and stretches lying on your back or belly are left out for you.",
    },
    "varicose-veins": {
        "therapist_note_de": "Krampfadern aussparen; kein Druck mit Ball oder Rolle darauf. In den Anleitungen: keine Techniken an Wade und Oberschenkel (Schollenmuskel, Zwillingswadenmuskel, hintere Oberschenkelmuskeln, äußerer und gerader Schenkelmuskel); die Dehnungen bleiben. Eine entzündete Vene (rot, hart, druckempfindlich) ist keine Vorsicht: Oft steckt eine tiefe Venenthrombose dahinter – zuerst ärztlich abklären lassen.",
        "therapist_note_en": "Avoid varicose veins; no pressure with a ball or roller on them. In the instructions: no techniques on the calf and thigh (soleus, gastrocnemius, hamstrings, vastus lateralis, rectus femoris); the stretches stay. An inflamed vein (red, hard, tender) is not a caution: a deep vein thrombosis often coexists – have it checked by a doctor first.",
    },
}


def _sources(item):
    return ", ".join(item.get("sources", []))


def _add_stretches(apps, shipped):
    Stretch = apps.get_model("triggerfinder", "Stretch")
    added = False
    for slug in NEW_STRETCHES:
        item = shipped.get(slug)
        if item is None or Stretch.objects.filter(slug=slug).exists():
            continue
        Stretch.objects.create(slug=slug, **{name: item[name] for name in STRETCH_FIELDS})
        added = True
    return added


def _add_muscles(apps, shipped):
    Muscle = apps.get_model("triggerfinder", "Muscle")
    Referral = apps.get_model("triggerfinder", "Referral")
    BodyRegion = apps.get_model("triggerfinder", "BodyRegion")
    Stretch = apps.get_model("triggerfinder", "Stretch")
    PerpetuatingFactor = apps.get_model("triggerfinder", "PerpetuatingFactor")
    added = False
    for slug in NEW_MUSCLES:
        item = shipped.get(slug)
        if item is None or Muscle.objects.filter(slug=slug).exists():
            continue
        regions = {
            r.slug: r for r in BodyRegion.objects.filter(slug__in=[x["region"] for x in item["referrals"]])
        }
        stretches = list(Stretch.objects.filter(slug__in=item["stretches"]))
        if not regions or not stretches:  # a knowledge base without its regions or stretches: leave it
            continue
        muscle = Muscle.objects.create(
            slug=slug,
            **{name: item[name] for name in MUSCLE_FIELDS},
            **item["self_treatment"],
            sources=_sources(item),
        )
        for referral in item["referrals"]:
            region = regions.get(referral["region"])
            if region is not None:
                Referral.objects.create(
                    muscle=muscle,
                    region=region,
                    weight=referral["weight"],
                    note_de=referral.get("note_de", ""),
                    note_en=referral.get("note_en", ""),
                    sources=_sources(referral),
                )
        muscle.stretches.set(stretches)
        muscle.perpetuating_factors.set(
            PerpetuatingFactor.objects.filter(slug__in=item.get("perpetuating_factors", []))
        )
        added = True
    return added


def _update_exclusions(apps, shipped):
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    Muscle = apps.get_model("triggerfinder", "Muscle")
    changed = False
    for c in Contraindication.objects.filter(slug__in=EXCLUSIONS):
        item = shipped.get(c.slug)
        if item is None:
            continue
        fields = []
        for name, value in OLD_SHIPPED.get(c.slug, {}).items():
            if getattr(c, name) == value and item.get(name):
                setattr(c, name, item[name])
                fields.append(name)
        if fields:
            c.save(update_fields=fields)
        present = set(c.excluded_muscles.values_list("slug", flat=True))
        missing = Muscle.objects.filter(slug__in=EXCLUSIONS[c.slug]).exclude(slug__in=present)
        if missing.exists():
            c.excluded_muscles.add(*missing)
            fields.append("excluded_muscles")
        if fields:
            Contraindication.objects.filter(pk=c.pk).update(version=F("version") + 1)
            changed = True
    return changed


def forwards(apps, schema_editor):
    Muscle = apps.get_model("triggerfinder", "Muscle")
    if not Muscle.objects.exists():
        return
    try:
        document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    muscles = {m.get("slug"): m for m in document.get("muscles", [])}
    stretches = {s.get("slug"): s for s in document.get("stretches", [])}
    contraindications = {c.get("slug"): c for c in document.get("contraindications", [])}
    changed = _add_stretches(apps, stretches)
    changed = _add_muscles(apps, muscles) or changed
    changed = _update_exclusions(apps, contraindications) or changed

    if changed:  # every process rebuilds its knowledge snapshot
        KnowledgeState = apps.get_model("triggerfinder", "KnowledgeState")
        KnowledgeState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("triggerfinder", "0016_lay_safe_leg_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
