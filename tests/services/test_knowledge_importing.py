from __future__ import annotations

import pytest

from triggerfinder.models import BodyRegion, Muscle
from triggerfinder.services.knowledge.document import KnowledgeImportError
from triggerfinder.services.knowledge.export import knowledge_export
from triggerfinder.services.knowledge.importing import knowledge_import, load_shipped_knowledge


@pytest.mark.django_db
class TestImport:
    def test_the_export_imports_again_unchanged(self):
        before = knowledge_export()
        summary = knowledge_import(before, reset=True)
        assert summary.total("created") == 0 and summary.total("updated") > 0
        assert knowledge_export() == before

    def test_without_reset_existing_entries_keep_their_edits(self):
        muscle = Muscle.objects.order_by("slug").first()
        Muscle.objects.filter(pk=muscle.pk).update(name_en="Edited")
        summary = load_shipped_knowledge()
        assert summary.total("updated") == 0 and summary.total("kept") > 0
        assert Muscle.objects.get(pk=muscle.pk).name_en == "Edited"
        load_shipped_knowledge(reset=True)
        assert Muscle.objects.get(pk=muscle.pk).name_en != "Edited"

    def test_a_new_entry_is_created(self):
        document = knowledge_export()
        region = dict(document["regions"][0], slug="new-region", parent=None, order=999)
        document["regions"].append(region)
        summary = knowledge_import(document)
        assert summary.created == {str(BodyRegion._meta.verbose_name_plural): 1}
        assert BodyRegion.objects.filter(slug="new-region").exists()

    def test_all_or_nothing_with_every_problem_named(self):
        document = knowledge_export()
        document["regions"].append(dict(document["regions"][0], slug="new-region", parent="nowhere"))
        document["muscles"][0]["referrals"][0]["region"] = "nowhere-either"
        with pytest.raises(KnowledgeImportError) as refused:
            knowledge_import(document, reset=True)
        assert len(refused.value.problems) >= 2
        assert not BodyRegion.objects.filter(slug="new-region").exists()
