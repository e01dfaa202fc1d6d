"""Knowledge editors edit the knowledge base in the admin, with history, and nothing else."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login_verified, make_client
from triggerfinder.knowledge_io import knowledge_export
from triggerfinder.models import Muscle, Referral


def muscle_form_data(muscle: Muscle, **changes) -> dict:
    """The admin change form's POST data for ``muscle``, as the browser would send it."""
    data = {
        field.name: getattr(muscle, field.name)
        for field in Muscle._meta.fields
        if field.editable and field.name != "id"
    }
    data["version"] = muscle.version  # the version the form was opened at
    data["stretches"] = [s.pk for s in muscle.stretches.all()]
    data["perpetuating_factors"] = [f.pk for f in muscle.perpetuating_factors.all()]
    referrals = list(muscle.referrals.all())
    data.update(
        {
            "referrals-TOTAL_FORMS": len(referrals),
            "referrals-INITIAL_FORMS": len(referrals),
            "referrals-MIN_NUM_FORMS": 0,
            "referrals-MAX_NUM_FORMS": 1000,
        }
    )
    for index, referral in enumerate(referrals):
        for name in ["id", "muscle", "region", "weight", "note_de", "note_en", "sources", "version"]:
            value = getattr(referral, f"{name}_id" if name in {"muscle", "region"} else name)
            data[f"referrals-{index}-{name}"] = value
    data.update(changes)
    return data


@pytest.mark.django_db
class TestKnowledgeEditor:
    def test_can_list_and_edit_muscles(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        assert client.get("/admin/triggerfinder/muscle/").status_code == 200
        muscle = Muscle.objects.get(slug="gluteus-medius")
        url = f"/admin/triggerfinder/muscle/{muscle.pk}/change/"
        response = client.post(url, muscle_form_data(muscle, name_de="Mittlerer Gesäßmuskel (geprüft)"))
        assert response.status_code == 302, (
            response.context["adminform"].form.errors if response.context else ""
        )
        muscle.refresh_from_db()
        assert muscle.name_de == "Mittlerer Gesäßmuskel (geprüft)"

    def test_history_records_who_changed_what(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        muscle = Muscle.objects.get(slug="gluteus-medius")
        client.post(
            f"/admin/triggerfinder/muscle/{muscle.pk}/change/", muscle_form_data(muscle, name_en="Edited")
        )
        latest = muscle.history.latest()
        assert latest.history_user == knowledge_editor
        assert latest.name_en == "Edited"
        assert latest.prev_record.name_en != "Edited"
        page = client.get(f"/admin/triggerfinder/muscle/{muscle.pk}/history/")
        assert page.status_code == 200 and "konrad" in page.text
        revert = client.get(
            f"/admin/triggerfinder/muscle/{muscle.pk}/history/{latest.prev_record.history_id}/"
        )
        assert revert.status_code == 200

    def test_weight_outside_1_to_3_is_refused_with_a_message(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        muscle = Muscle.objects.get(slug="gluteus-medius")
        data = muscle_form_data(muscle, **{"referrals-0-weight": 4})
        response = client.post(f"/admin/triggerfinder/muscle/{muscle.pk}/change/", data)
        assert response.status_code == 200
        assert "Auswahl" in response.text or "gültige" in response.text
        assert not Referral.objects.filter(weight=4).exists()

    def test_duplicate_slug_is_refused(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        muscle = Muscle.objects.get(slug="gluteus-medius")
        data = muscle_form_data(muscle, slug="piriformis")
        response = client.post(f"/admin/triggerfinder/muscle/{muscle.pk}/change/", data)
        assert response.status_code == 200
        assert Muscle.objects.filter(slug="gluteus-medius").exists()

    def test_cannot_see_clients(self, client, knowledge_editor, therapist):
        make_client(therapist)
        login_verified(client, knowledge_editor)
        assert client.get("/admin/triggerfinder/client/").status_code == 403
        assert client.get("/clients/").status_code == 403
        index = client.get("/admin/").text
        assert "/admin/triggerfinder/client/" not in index
        assert "/admin/triggerfinder/muscle/" in index
        assert "/admin/auth/user/" not in index

    def test_therapists_cannot_edit_knowledge(self, client, therapist):
        client.force_login(therapist)
        assert client.get("/admin/triggerfinder/muscle/").status_code == 302  # not staff: admin log-in


@pytest.mark.django_db
class TestExportImport:
    def test_export_download_round_trips_through_import(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        response = client.get("/admin/triggerfinder/muscle/export/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        exported = json.loads(response.content)
        assert exported == knowledge_export()
        Muscle.objects.filter(slug="piriformis").delete()
        upload = SimpleUploadedFile("kb.json", response.content, content_type="application/json")
        result = client.post("/admin/triggerfinder/muscle/import/", {"file": upload})
        assert result.status_code == 302
        assert knowledge_export() == exported

    def test_import_of_a_broken_file_lists_the_problems(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        document = knowledge_export()
        document["muscles"][0]["referrals"][0]["region"] = "elbow"
        upload = SimpleUploadedFile("kb.json", json.dumps(document).encode(), content_type="application/json")
        response = client.post("/admin/triggerfinder/muscle/import/", {"file": upload, "reset": "on"})
        assert response.status_code == 200
        assert "elbow" in response.text

    def test_import_needs_edit_rights(self, client, django_user_model):
        viewer = django_user_model.objects.create_user("viewer", password="x" * 20, is_staff=True)
        login_verified(client, viewer)
        assert client.get("/admin/triggerfinder/muscle/import/").status_code == 403
        assert client.get("/admin/triggerfinder/muscle/export/").status_code == 403
