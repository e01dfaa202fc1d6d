"""The shipped knowledge base: loads, is complete in German and English, and is safe."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from triggerfinder.knowledge_io import (
    SHIPPED_FILE,
    KnowledgeImportError,
    knowledge_export,
    knowledge_import,
    load_document,
)
from triggerfinder.models import BodyRegion, Contraindication, Muscle, PerpetuatingFactor, Referral, Stretch

EXPECTED_LEVELS = {
    # Red flags: medical clarification first.
    "radiating-nerve-pain": "refer",
    "numbness": "refer",
    "tingling": "refer",
    "leg-weakness": "refer",
    # Cauda equina signs: emergency care today.
    "saddle-numbness": "emergency",
    "bladder-bowel-dysfunction": "emergency",
    # Temporary: postpone.
    "acute-injury": "postpone",
    "inflammation": "postpone",
    "open-wound": "postpone",
    "fever": "postpone",
    # Modify: less pressure.
    "blood-thinners": "caution",
}
REQUIRED_CONTRAINDICATIONS = {
    *EXPECTED_LEVELS,
    "severe-trauma",
    "cancer-history",
    "unexplained-weight-loss",
    "suspected-dvt",
    "osteoporosis",
    "pregnancy",
}
REQUIRED_REGIONS = {"lower-back", "hip-buttock", "leg", "shoulders", "neck", "upper-back", "head"}
SEED_ARTICLE_MUSCLES = {"quadratus-lumborum", "gluteus-medius", "latissimus-dorsi", "tensor-fasciae-latae"}
KNOWLEDGE = [BodyRegion, Muscle, Referral, Stretch, Contraindication, PerpetuatingFactor]


def shipped() -> dict:
    return json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in KNOWLEDGE}


@pytest.mark.django_db
class TestShippedData:
    def test_regions(self):
        assert set(BodyRegion.objects.filter(parent=None).values_list("slug", flat=True)) >= REQUIRED_REGIONS
        assert BodyRegion.objects.filter(parent__slug="leg").count() >= 3

    def test_at_least_25_muscles_with_the_seed_articles_four(self):
        assert Muscle.objects.count() >= 25
        assert set(Muscle.objects.values_list("slug", flat=True)) >= SEED_ARTICLE_MUSCLES

    def test_contraindications_and_their_levels(self):
        levels = dict(Contraindication.objects.values_list("slug", "level"))
        assert set(levels) >= REQUIRED_CONTRAINDICATIONS
        for slug, level in EXPECTED_LEVELS.items():
            assert levels[slug] == level, slug
        assert levels["suspected-dvt"] in {"emergency", "refer"}

    def test_every_muscle_has_referrals_self_treatment_and_a_stretch(self):
        for muscle in Muscle.objects.prefetch_related("referrals", "stretches"):
            assert muscle.referrals.exists(), muscle.slug
            assert muscle.stretches.exists(), muscle.slug
            assert muscle.steps_de and muscle.steps_en and muscle.position_de and muscle.position_en
            assert 10 <= muscle.hold_seconds_min <= muscle.hold_seconds_max <= 30, muscle.slug

    def test_the_sciatica_mimic_is_gluteus_minimus(self):
        minimus = Referral.objects.filter(muscle__slug="gluteus-minimus", region__parent__slug="leg")
        assert minimus.exists()

    def test_complete_in_german_and_english(self):
        for model in KNOWLEDGE:
            pairs = [f.name[:-3] for f in model._meta.fields if f.name.endswith("_de")]
            assert pairs, model
            for obj in model.objects.all():
                for name in pairs:
                    de, en = getattr(obj, f"{name}_de"), getattr(obj, f"{name}_en")
                    assert bool(de.strip()) == bool(en.strip()), f"{model.__name__} {obj.pk} {name}"
                    if not model._meta.get_field(f"{name}_de").blank:
                        assert de.strip(), f"{model.__name__} {obj.pk} {name}"

    def test_every_entry_passes_validation_and_names_its_sources(self):
        for model in KNOWLEDGE:
            for obj in model.objects.all():
                obj.full_clean()
                if hasattr(obj, "sources"):
                    assert obj.sources.strip(), f"{model.__name__} {obj}"

    def test_no_unsourced_effect_claims(self):
        text = SHIPPED_FILE.read_text(encoding="utf-8")
        assert "78" not in text.replace("1978", "")


@pytest.mark.django_db
class TestLoading:
    def test_command_is_idempotent(self):
        before = counts()
        out = StringIO()
        call_command("load_knowledge", stdout=out)
        assert "0 created, 0 updated" in out.getvalue()
        assert counts() == before

    def test_admin_edits_survive_a_reload_and_reset_restores(self):
        muscle = Muscle.objects.get(slug="quadratus-lumborum")
        original = muscle.name_de
        muscle.name_de = "Von der Praxis geändert"
        muscle.save()
        call_command("load_knowledge", stdout=StringIO())
        assert Muscle.objects.get(slug="quadratus-lumborum").name_de == "Von der Praxis geändert"
        call_command("load_knowledge", "--reset", stdout=StringIO())
        assert Muscle.objects.get(slug="quadratus-lumborum").name_de == original

    def test_a_deleted_entry_comes_back(self):
        Referral.objects.filter(muscle__slug="piriformis").delete()
        Muscle.objects.filter(slug="piriformis").delete()
        call_command("load_knowledge", stdout=StringIO())
        assert Muscle.objects.get(slug="piriformis").referrals.exists()

    def test_export_import_round_trips(self):
        exported = knowledge_export()
        for model in [Referral, Muscle, Stretch, Contraindication, PerpetuatingFactor]:
            model.objects.all().delete()
        BodyRegion.objects.filter(parent__isnull=False).delete()
        BodyRegion.objects.all().delete()
        knowledge_import(json.loads(json.dumps(exported)))
        assert knowledge_export() == exported

    def test_shipped_file_equals_its_export(self):
        """The shipped file is in the export's canonical form, so admins' exports diff cleanly."""
        assert knowledge_export() == shipped()

    def test_a_broken_file_changes_nothing_and_names_every_problem(self):
        document = shipped()
        document["muscles"][0]["referrals"][0]["weight"] = 4
        document["muscles"][1]["referrals"][0]["region"] = "elbow"
        document["muscles"][2]["stretches"] = ["no-such-stretch"]
        document["regions"].append({"slug": "new-region"})
        before = counts()
        with pytest.raises(KnowledgeImportError) as error:
            knowledge_import(document, reset=True)
        problems = " | ".join(error.value.problems)
        assert "weight" in problems and "elbow" in problems and "no-such-stretch" in problems
        assert "new-region: missing" in problems
        assert counts() == before
        assert not BodyRegion.objects.filter(slug="new-region").exists()

    @pytest.mark.parametrize(
        "raw",
        [b"not json", b"[]", b'{"format": "other"}', b'{"format": "triggerfinder-knowledge", "version": 9}'],
    )
    def test_not_a_knowledge_file(self, raw):
        with pytest.raises(KnowledgeImportError):
            load_document(raw)

    def test_command_reports_problems(self, tmp_path):
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "triggerfinder-knowledge", "version": 1, "muscles": [{"slug": "x"}]}')
        with pytest.raises(CommandError, match="Nothing was loaded"):
            call_command("load_knowledge", "--file", str(bad), stdout=StringIO())
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("load_knowledge", "--file", str(tmp_path / "missing.json"), stdout=StringIO())

    def test_export_command(self, tmp_path):
        target = tmp_path / "kb.json"
        call_command("export_knowledge", "--output", str(target), stderr=StringIO())
        assert json.loads(target.read_text(encoding="utf-8")) == knowledge_export()
