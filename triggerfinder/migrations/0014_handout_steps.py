"""Muscles get short handout steps; the self-care texts become safe for a lay reader (issue 14).

Adds ``handout_steps_de``/``_en``. A knowledge base loaded earlier (``load_knowledge`` keeps
existing entries) then takes from the shipped file: the handout steps where both are empty, and the
reworded position, steps, light variant, frequency and cautions only where the row still holds the
text shipped before (``_texts_before_0014``), so an admin's edits stay. The tool changes (ball
against a wall instead of sitting or lying on it over the sciatic nerve) only together with its
position. An empty database is left to ``load_knowledge``.
"""

import json
import uuid
from pathlib import Path

from django.db import migrations, models
from django.db.models import F

from triggerfinder.migrations._texts_before_0014 import OLD_FREQUENCY_DE, OLD_FREQUENCY_EN, OLD_TEXTS

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"
HANDOUT = ("handout_steps_de", "handout_steps_en")


def _shipped_value(item, name):
    return item.get(name, "") if name.startswith("cautions") else item.get("self_treatment", {}).get(name, "")


def forwards(apps, schema_editor):
    Muscle = apps.get_model("triggerfinder", "Muscle")
    if not Muscle.objects.exists():
        return
    try:
        document = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    shipped = {m.get("slug"): m for m in document.get("muscles", [])}
    changed = False
    for muscle in Muscle.objects.all():
        item = shipped.get(muscle.slug)
        if item is None:
            continue
        updates = {}
        if not muscle.handout_steps_de and not muscle.handout_steps_en:
            updates.update({name: _shipped_value(item, name) for name in HANDOUT})
        old = dict(OLD_TEXTS.get(muscle.slug, {}))
        old.update({"frequency_de": OLD_FREQUENCY_DE, "frequency_en": OLD_FREQUENCY_EN})
        tool = old.pop("tool", None)
        for name, value in old.items():
            if getattr(muscle, name) == value and _shipped_value(item, name):
                updates[name] = _shipped_value(item, name)
        positions = {"position_de", "position_en"}
        if tool is not None and muscle.tool == tool and positions <= updates.keys():
            updates["tool"] = _shipped_value(item, "tool")
        updates = {name: value for name, value in updates.items() if getattr(muscle, name) != value}
        if updates:
            Muscle.objects.filter(pk=muscle.pk).update(**updates, version=F("version") + 1)
            changed = True

    if changed:  # every process rebuilds its knowledge snapshot
        KnowledgeState = apps.get_model("triggerfinder", "KnowledgeState")
        KnowledgeState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [
        ("triggerfinder", "0013_red_flags_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmuscle",
            name="handout_steps_de",
            field=models.TextField(
                blank=True,
                help_text="The technique as printed on the handout: 3–4 numbered steps, one short sentence each, action first, including where to place the tool. Empty: the handout prints the full steps.",
                verbose_name="handout steps (German)",
            ),
        ),
        migrations.AddField(
            model_name="historicalmuscle",
            name="handout_steps_en",
            field=models.TextField(blank=True, verbose_name="handout steps (English)"),
        ),
        migrations.AddField(
            model_name="muscle",
            name="handout_steps_de",
            field=models.TextField(
                blank=True,
                help_text="The technique as printed on the handout: 3–4 numbered steps, one short sentence each, action first, including where to place the tool. Empty: the handout prints the full steps.",
                verbose_name="handout steps (German)",
            ),
        ),
        migrations.AddField(
            model_name="muscle",
            name="handout_steps_en",
            field=models.TextField(blank=True, verbose_name="handout steps (English)"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
