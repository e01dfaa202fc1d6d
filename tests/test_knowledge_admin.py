"""Knowledge editors edit the knowledge base in the admin, with history, and nothing else."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login_verified, make_client
from triggerfinder.models import BodyRegion, Contraindication, EscalationRule, Muscle, Referral
from triggerfinder.services.knowledge.export import knowledge_export


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


def contraindication_form_data(c: Contraindication, **changes) -> dict:
    """The contraindication change form's POST data, as the browser would send it."""
    data = {
        field.name: getattr(c, field.name)
        for field in Contraindication._meta.fields
        if field.editable and field.name != "id"
    }
    data["version"] = c.version
    for name in ("excluded_muscles", "excluded_stretches", "warning_regions"):
        data[name] = [obj.pk for obj in getattr(c, name).all()]
    data.update(changes)
    if not data["client_warning"]:
        del data["client_warning"]  # an unticked checkbox is not sent
    return data


@pytest.mark.django_db
class TestSafetyFloorsInTheAdmin:
    def test_the_change_form_shows_what_a_finding_changes(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        pregnancy = Contraindication.objects.get(slug="pregnancy")
        page = client.get(f"/admin/triggerfinder/contraindication/{pregnancy.pk}/change/").text
        for name in ("postpone_days", "pressure", "excluded_muscles", "excluded_stretches", "client_warning"):
            assert f'name="{name}"' in page, name
        assert 'name="warning_regions"' in page
        assert "selectfilter" in page.lower()  # filter_horizontal for the lists

    def test_the_editor_can_change_the_new_fields(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        c = Contraindication.objects.get(slug="numbness")
        neck = BodyRegion.objects.get(slug="neck")
        data = contraindication_form_data(c, warning_regions=[neck.pk], client_warning=True)
        response = client.post(f"/admin/triggerfinder/contraindication/{c.pk}/change/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert list(c.warning_regions.values_list("slug", flat=True)) == ["neck"]

    def test_lowering_a_floored_level_is_refused(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        c = Contraindication.objects.get(slug="saddle-numbness")
        data = contraindication_form_data(c, level="caution", client_warning=False)
        response = client.post(f"/admin/triggerfinder/contraindication/{c.pk}/change/", data)
        assert response.status_code == 200
        assert "level" in response.context["adminform"].form.errors
        assert "sicherheitskritisch" in response.text
        c.refresh_from_db()
        assert c.level == "emergency"

    def test_a_floored_entry_cannot_be_deleted(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        c = Contraindication.objects.get(slug="saddle-numbness")
        change = client.get(f"/admin/triggerfinder/contraindication/{c.pk}/change/").text
        assert f"/admin/triggerfinder/contraindication/{c.pk}/delete/" not in change
        url = f"/admin/triggerfinder/contraindication/{c.pk}/delete/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Contraindication.objects.filter(slug="saddle-numbness").exists()

    def test_other_entries_can_still_be_deleted(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        c = Contraindication.objects.get(slug="intoxication")
        response = client.post(f"/admin/triggerfinder/contraindication/{c.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not Contraindication.objects.filter(slug="intoxication").exists()

    def test_bulk_delete_keeps_the_floored_entries_and_says_so(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        saddle = Contraindication.objects.get(slug="saddle-numbness")
        intoxication = Contraindication.objects.get(slug="intoxication")
        selected = {"action": "delete_selected", "_selected_action": [saddle.pk, intoxication.pk]}
        url = "/admin/triggerfinder/contraindication/"
        confirm = client.post(url, selected)
        assert confirm.status_code == 200
        assert "Sicherheitskritische Einträge" in confirm.text and str(saddle) in confirm.text
        assert [obj.pk for obj in confirm.context["queryset"]] == [intoxication.pk]
        done = client.post(url, {**selected, "_selected_action": [intoxication.pk], "post": "yes"})
        assert done.status_code == 302
        assert Contraindication.objects.filter(slug="saddle-numbness").exists()
        assert not Contraindication.objects.filter(slug="intoxication").exists()

    def test_bulk_delete_of_only_floored_entries_deletes_nothing(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        floored = Contraindication.objects.filter(slug__in=["saddle-numbness", "numbness"])
        selected = {"action": "delete_selected", "_selected_action": [c.pk for c in floored], "post": "yes"}
        response = client.post("/admin/triggerfinder/contraindication/", selected, follow=True)
        assert response.status_code == 200
        assert "Sicherheitskritische Einträge" in response.text
        assert floored.count() == 2

    def test_revert_from_history_to_a_lower_level_is_refused(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        c = Contraindication.objects.get(slug="numbness")
        c.save()  # a history record to go back to
        old = c.history.latest()
        # An old record from before the floor existed.
        type(old).objects.filter(history_id=old.history_id).update(level="caution", client_warning=False)
        url = f"/admin/triggerfinder/contraindication/{c.pk}/history/{old.history_id}/"
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["adminform"].form.initial["level"] == "caution"
        c.refresh_from_db()
        response = client.post(url, contraindication_form_data(c, level="caution", client_warning=False))
        assert response.status_code == 200
        assert "level" in response.context["adminform"].form.errors
        c.refresh_from_db()
        assert c.level == "refer"


@pytest.mark.django_db
class TestEscalationRuleAdmin:
    def test_the_editor_may_edit_escalation_rules_with_history(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        assert "/admin/triggerfinder/escalationrule/" in client.get("/admin/").text
        rule = EscalationRule.objects.get(slug="fever-with-infection-risk")
        url = f"/admin/triggerfinder/escalationrule/{rule.pk}/change/"
        assert client.get(url).status_code == 200
        data = {
            "slug": rule.slug,
            "level": rule.level,
            "order": rule.order,
            "groups": json.dumps(rule.groups),
            "reason_de": rule.reason_de,
            "reason_en": "Checked.",
            "sources": rule.sources,
            "version": rule.version,
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert rule.history.latest().history_user == knowledge_editor
        assert client.get(f"/admin/triggerfinder/escalationrule/{rule.pk}/history/").status_code == 200

    @pytest.mark.parametrize(
        "groups", ['[["fever"]]', '[["fever"], []]', '[["fever"], ["no-such-finding"]]', '{"a": 1}']
    )
    def test_bad_groups_are_refused(self, client, knowledge_editor, groups):
        login_verified(client, knowledge_editor)
        rule = EscalationRule.objects.get(slug="fever-with-infection-risk")
        data = {
            "slug": rule.slug,
            "level": rule.level,
            "order": rule.order,
            "groups": groups,
            "reason_de": rule.reason_de,
            "reason_en": rule.reason_en,
            "sources": rule.sources,
            "version": rule.version,
        }
        response = client.post(f"/admin/triggerfinder/escalationrule/{rule.pk}/change/", data)
        assert response.status_code == 200
        assert "groups" in response.context["adminform"].form.errors
        rule.refresh_from_db()
        assert rule.groups == [["fever"], ["infection-risk"]]
