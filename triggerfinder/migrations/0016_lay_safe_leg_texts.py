"""The self-care texts near the sciatic nerve and the kidney angle become safe for a lay reader, and
the red flag "pain at many sites" is added (facts §5.5, §5.6; issue 14).

- Hamstrings: the ball is pressed with the hand against the outer or inner back of the thigh, not
  sat on (sciatic nerve in the middle); gluteus minimus and medius: against a wall only, never lying
  or sitting on the ball; quadratus lumborum: against a wall only, no lying on the ball next to the
  kidney angle. A field is replaced only where the row still holds the text shipped before
  (``_texts_before_0016``), so an admin's edits stay. The tool changes only where the position is
  the shipped one afterwards (a knowledge base that 0014 brought up to date already has it).
- The shipped contraindications in ``NEW_CONTRAINDICATIONS`` are added where their slug is free,
  and join the escalation rules that list them in the shipped file ("age over 50 or the
  inflammatory pattern together with another red flag"): a group gets the new slug where it still
  holds exactly the shipped group without it, so a rule edited in the admin stays as it is.

An empty database is left to ``load_knowledge``.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations
from django.db.models import F

from triggerfinder.migrations._texts_before_0016 import OLD_TEXTS

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"
NEW_CONTRAINDICATIONS = ("widespread-pain",)
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
LINKS = {"excluded_muscles": "Muscle", "excluded_stretches": "Stretch", "warning_regions": "BodyRegion"}
POSITIONS = ("position_de", "position_en")


def _shipped_value(item, name):
    return item.get(name, "") if name.startswith("cautions") else item.get("self_treatment", {}).get(name, "")


def _muscles(apps, document):
    Muscle = apps.get_model("triggerfinder", "Muscle")
    shipped = {m.get("slug"): m for m in document.get("muscles", [])}
    changed = False
    for muscle in Muscle.objects.filter(slug__in=OLD_TEXTS):
        item = shipped.get(muscle.slug)
        if item is None:
            continue
        old = dict(OLD_TEXTS[muscle.slug])
        tool = old.pop("tool", None)
        updates = {
            name: _shipped_value(item, name)
            for name, value in old.items()
            if getattr(muscle, name) == value and _shipped_value(item, name)
        }
        positions = {name: updates.get(name, getattr(muscle, name)) for name in POSITIONS}
        if (
            tool is not None
            and muscle.tool == tool
            and all(value == _shipped_value(item, name) for name, value in positions.items())
            and _shipped_value(item, "tool")
        ):
            updates["tool"] = _shipped_value(item, "tool")
        updates = {name: value for name, value in updates.items() if getattr(muscle, name) != value}
        if updates:
            Muscle.objects.filter(pk=muscle.pk).update(**updates, version=F("version") + 1)
            changed = True
    return changed


def _contraindications(apps, document):
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    shipped = {c.get("slug"): c for c in document.get("contraindications", [])}
    existing = set(Contraindication.objects.values_list("slug", flat=True))
    changed = False
    for slug in NEW_CONTRAINDICATIONS:
        item = shipped.get(slug)
        if item is None or slug in existing:
            continue
        c = Contraindication.objects.create(
            slug=slug,
            **{name: item[name] for name in FIELDS if name in item},
            sources=", ".join(item.get("sources", [])),
        )
        for name, model_name in LINKS.items():
            model = apps.get_model("triggerfinder", model_name)
            getattr(c, name).set(model.objects.filter(slug__in=item.get(name, [])))
        changed = True
        changed = _join_rules(apps, document, slug) or changed
    return changed


def _join_rules(apps, document, slug):
    EscalationRule = apps.get_model("triggerfinder", "EscalationRule")
    shipped = {r.get("slug"): r for r in document.get("escalation_rules", [])}
    changed = False
    for rule in EscalationRule.objects.filter(slug__in=shipped):
        groups = shipped[rule.slug].get("groups", [])
        before = [[s for s in group if s != slug] for group in groups]
        if before == groups or rule.groups != before:
            continue
        EscalationRule.objects.filter(pk=rule.pk).update(groups=groups, version=F("version") + 1)
        changed = True
    return changed


def forwards(apps, schema_editor):
    Muscle = apps.get_model("triggerfinder", "Muscle")
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    if not Muscle.objects.exists() and not Contraindication.objects.exists():
        return
    try:
        document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    changed = _muscles(apps, document)
    if Contraindication.objects.exists():
        changed = _contraindications(apps, document) or changed

    if changed:  # every process rebuilds its knowledge snapshot
        KnowledgeState = apps.get_model("triggerfinder", "KnowledgeState")
        KnowledgeState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("triggerfinder", "0015_screening_answers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
