"""Screening as questions answered yes or no (issue 14).

``ScreeningAnswer`` keeps each question asked at an intake and its answer. Intakes recorded before
have none: their unticked boxes were not necessarily asked, so their plans wait for a new intake.

The contraindications that concern one body area (tingling in the leg, neck work, the thoracic
and back questions) get their areas, so the intake asks them only of clients with pain there;
a row an admin already gave areas keeps them.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

AREAS = {
    "tingling": ["hip-buttock", "leg", "lower-back"],
    "neck-vascular-risk": ["head", "neck"],
    "non-mechanical-thoracic-pain": ["shoulders", "upper-back"],
    "first-back-pain-under-20": ["lower-back", "upper-back"],
    "structural-deformity": ["lower-back", "upper-back"],
    "flank-pain-urinary": ["lower-back"],
    "older-age-new-onset": ["lower-back", "upper-back"],
    "inflammatory-back-pain": ["hip-buttock", "lower-back", "upper-back"],
}


def forwards(apps, schema_editor):
    Contraindication = apps.get_model("triggerfinder", "Contraindication")
    BodyRegion = apps.get_model("triggerfinder", "BodyRegion")
    regions = {r.slug: r for r in BodyRegion.objects.filter(slug__in={a for v in AREAS.values() for a in v})}
    changed = False
    for contraindication in Contraindication.objects.filter(slug__in=AREAS):
        if contraindication.warning_regions.exists():
            continue
        areas = [regions[slug] for slug in AREAS[contraindication.slug] if slug in regions]
        if areas:
            contraindication.warning_regions.set(areas)
            Contraindication.objects.filter(pk=contraindication.pk).update(version=models.F("version") + 1)
            changed = True
    if changed:  # every process rebuilds its knowledge snapshot
        KnowledgeState = apps.get_model("triggerfinder", "KnowledgeState")
        KnowledgeState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [
        ("triggerfinder", "0014_handout_steps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contraindication",
            name="warning_regions",
            field=models.ManyToManyField(
                blank=True,
                help_text="Top-level regions this finding belongs to: the intake asks it of clients with pain there, and a warning sign is printed for them. None: every client.",
                related_name="+",
                to="triggerfinder.bodyregion",
                verbose_name="body areas",
            ),
        ),
        migrations.CreateModel(
            name="ScreeningAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "answer",
                    models.BooleanField(help_text="Yes: the finding is present.", verbose_name="answer"),
                ),
                (
                    "contraindication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="triggerfinder.contraindication",
                        verbose_name="question",
                    ),
                ),
                (
                    "intake",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="screening_answers",
                        to="triggerfinder.intake",
                        verbose_name="intake",
                    ),
                ),
            ],
            options={
                "verbose_name": "screening answer",
                "verbose_name_plural": "screening answers",
                "ordering": ["intake", "contraindication__order", "contraindication__slug"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("intake", "contraindication"), name="tf_screening_answer_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
