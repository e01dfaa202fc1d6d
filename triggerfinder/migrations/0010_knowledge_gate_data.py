"""A knowledge base loaded before the safety gate gets what its findings change.

``load_knowledge`` keeps existing entries as they are, so a database loaded before 0007 would keep
postpone findings without a delay and cautions without an effect. Once, here, every entry whose new
fields are all still at their defaults takes them from the shipped file (the delay, pressure,
muscles and stretches left out, the warning sign and its body areas; a muscle's light variant),
and the shipped escalation rules are added. Texts are not touched: ``load_knowledge --reset``
brings the new wording, and overwrites edits. An empty database is left to ``load_knowledge``.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations
from django.db.models import F

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"
LINKS = {"excluded_muscles": "Muscle", "excluded_stretches": "Stretch", "warning_regions": "BodyRegion"}
RED_FLAGS = {"emergency", "refer"}


def forwards(apps, schema_editor):
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    if not Contraindication.objects.exists():
        return
    try:
        document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    shipped = {c.get("slug"): c for c in document.get("contraindications", [])}
    changed = False
    for c in Contraindication.objects.all():
        item = shipped.get(c.slug)
        untouched = c.postpone_days == 0 and c.pressure == "normal" and not c.client_warning
        if item is None or not untouched or any(getattr(c, name).exists() for name in LINKS):
            continue
        c.postpone_days = item.get("postpone_days", 0) if c.level == "postpone" else 0
        c.pressure = item.get("pressure", "normal")
        c.client_warning = bool(item.get("client_warning")) and c.level in RED_FLAGS
        c.save(update_fields=["postpone_days", "pressure", "client_warning"])
        for name, model_name in LINKS.items():
            model = apps.get_model("triggerfinder", model_name)
            getattr(c, name).set(model.objects.filter(slug__in=item.get(name, [])))
        Contraindication.objects.filter(pk=c.pk).update(version=F("version") + 1)
        changed = True

    Muscle = apps.get_model("triggerfinder", "Muscle")
    light = {
        m.get("slug"): m.get("self_treatment", {})
        for m in document.get("muscles", [])
        if m.get("self_treatment", {}).get("light_steps_de")
    }
    for muscle in Muscle.objects.filter(slug__in=light, light_steps_de="", light_steps_en=""):
        treatment = light[muscle.slug]
        Muscle.objects.filter(pk=muscle.pk).update(
            light_steps_de=treatment.get("light_steps_de", ""),
            light_steps_en=treatment.get("light_steps_en", ""),
            version=F("version") + 1,
        )
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
    dependencies = [("triggerfinder", "0009_plan_clearance_moves_to_findings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
