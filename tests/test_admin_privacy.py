"""The admin's own pages show no client record to someone whose admin pages do not list it: the
knowledge editor's delete confirmation, the "view on site" shortcut, and the region tree a
knowledge edit could break (security issue 15, item 8)."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models

from tests.conftest import login_verified, make_client, make_user
from tests.test_plans import create_plan
from triggerfinder.models import BodyRegion, Client, Contraindication, Intake, SecurityEvent, TreatmentPlan
from triggerfinder.security import roles


@pytest.mark.django_db
class TestDeleteConfirmation:
    def test_an_entry_used_by_intakes_names_no_client_and_no_record_id(
        self, client, therapist_client, knowledge_editor
    ):
        plan = create_plan(therapist_client, yes=["pregnancy"])
        pregnancy = Contraindication.objects.get(slug="pregnancy")
        login_verified(client, knowledge_editor)
        page = client.get(f"/admin/triggerfinder/contraindication/{pregnancy.pk}/delete/")
        assert page.status_code == 200
        text = page.text
        assert plan.client.last_name not in text and plan.client.first_name not in text
        assert f"{plan.intake_id}: {pregnancy.pk}" not in text  # the links' own names
        assert f"/intake/{plan.intake_id}/" not in text
        # The editor learns why it cannot be deleted: client records use it.
        assert "Klientendaten: Kontraindikationen von Aufnahmen (nicht einzeln aufgeführt)" in text
        assert "Klientendaten: Befunde (nicht einzeln aufgeführt)" in text

    def test_deleting_it_is_refused_and_keeps_the_records(self, client, therapist_client, knowledge_editor):
        plan = create_plan(therapist_client, yes=["pregnancy"])
        pregnancy = Contraindication.objects.get(slug="pregnancy")
        login_verified(client, knowledge_editor)
        client.post(f"/admin/triggerfinder/contraindication/{pregnancy.pk}/delete/", {"post": "yes"})
        assert Contraindication.objects.filter(pk=pregnancy.pk).exists()
        assert Intake.objects.get(pk=plan.intake_id).contraindications.filter(pk=pregnancy.pk).exists()

    def test_an_unused_entry_is_still_deleted(self, client, knowledge_editor):
        unused = Contraindication.objects.get(slug="varicose-veins")
        login_verified(client, knowledge_editor)
        response = client.post(f"/admin/triggerfinder/contraindication/{unused.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not Contraindication.objects.filter(pk=unused.pk).exists()


def test_no_knowledge_deletion_can_remove_a_client_record():
    """The delete page summarises client records because they can only protect an entry: every
    reference from a client record to the knowledge base refuses the deletion."""
    cascading = [
        f"{model.__name__}.{field.name}"
        for model in Client._meta.apps.get_app_config("triggerfinder").get_models()
        if model._meta.model_name not in roles.KNOWLEDGE_MODELS
        and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.concrete
        and field.related_model._meta.model_name in roles.KNOWLEDGE_MODELS
        and field.remote_field.on_delete is not models.PROTECT
    ]
    assert cascading == []


def page_without(response, path: str) -> str:
    """The page but for the path itself (its language links name it) and the per-response
    masking of the CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text.replace(path, ""))


@pytest.mark.django_db
class TestViewOnSite:
    def shortcut(self, record) -> str:
        return f"/admin/r/{ContentType.objects.get_for_model(record).pk}/{record.pk}/"

    def test_a_knowledge_editor_cannot_tell_an_existing_client_from_a_missing_one(
        self, client, therapist, knowledge_editor
    ):
        record = make_client(therapist)
        login_verified(client, knowledge_editor)
        missing_url = f"/admin/r/{ContentType.objects.get_for_model(Client).pk}/{record.pk + 999}/"
        existing, missing = client.get(self.shortcut(record)), client.get(missing_url)
        assert existing.status_code == missing.status_code == 404
        assert page_without(existing, self.shortcut(record)) == page_without(missing, missing_url)

    def test_a_staff_therapist_is_sent_to_her_own_clients_page_only(self, client, other_therapist):
        staff = make_user("nina", role=roles.THERAPIST, is_staff=True)
        own, foreign = make_client(staff), make_client(other_therapist)
        login_verified(client, staff)
        assert client.get(self.shortcut(own))["Location"].endswith(own.get_absolute_url())
        assert not SecurityEvent.objects.filter(kind="probe").exists()
        assert client.get(self.shortcut(foreign)).status_code == 404
        probe = SecurityEvent.objects.get(kind="probe")
        assert (probe.user, probe.path) == (staff, self.shortcut(foreign))

    def test_another_therapists_plan_is_a_missing_one(self, client, therapist_client):
        plan = create_plan(therapist_client)
        staff = make_user("nina", role=roles.THERAPIST, is_staff=True)
        login_verified(client, staff)
        assert client.get(self.shortcut(plan)).status_code == 404
        superuser = make_user("root", is_staff=True, is_superuser=True)
        login_verified(client, superuser)
        assert client.get(self.shortcut(plan))["Location"].endswith(
            TreatmentPlan.objects.get(pk=plan.pk).get_absolute_url()
        )

    @pytest.mark.parametrize("object_id", ["abc", "1%2F..", "0"])
    def test_odd_ids_and_unknown_types_are_missing(self, client, knowledge_editor, object_id):
        login_verified(client, knowledge_editor)
        assert (
            client.get(f"/admin/r/{ContentType.objects.get_for_model(Client).pk}/{object_id}/").status_code
            == 404
        )
        assert client.get(f"/admin/r/999999/{object_id}/").status_code == 404


@pytest.mark.django_db
class TestRegionParentInTheAdmin:
    def region_form(self, region: BodyRegion, **changes) -> dict:
        data = {
            name: getattr(region, name)
            for name in ["slug", "view", "order", "name_de", "name_en", "description_de", "description_en"]
        }
        return {**data, "parent": region.parent_id or "", "version": region.version, **changes}

    def edit(self, http_client, region: BodyRegion, **changes):
        return http_client.post(
            f"/admin/triggerfinder/bodyregion/{region.pk}/change/", self.region_form(region, **changes)
        )

    @pytest.fixture
    def editor(self, client, knowledge_editor):
        login_verified(client, knowledge_editor)
        return client

    def test_a_region_cannot_be_its_own_parent(self, editor):
        back = BodyRegion.objects.get(slug="lower-back")
        response = self.edit(editor, back, parent=back.pk)
        assert response.status_code == 200
        assert "Eine Region kann nicht Teil von sich selbst" in response.text
        back.refresh_from_db()
        assert back.parent_id != back.pk

    def test_nor_part_of_one_of_its_parts(self, editor):
        part = BodyRegion.objects.filter(parent__isnull=False, parent__parent__isnull=True).first()
        whole = part.parent
        response = self.edit(editor, whole, parent=part.pk)
        assert response.status_code == 200 and "Teil von sich selbst" in response.text
        whole.refresh_from_db()
        assert whole.parent_id is None

    def test_renaming_while_moving_is_checked_too(self, editor):
        part = BodyRegion.objects.filter(parent__isnull=False, parent__parent__isnull=True).first()
        whole = part.parent
        response = self.edit(editor, whole, parent=part.pk, slug=f"{whole.slug}-renamed")
        assert response.status_code == 200 and "Teil von sich selbst" in response.text

    def test_a_real_move_is_saved(self, editor):
        part = BodyRegion.objects.filter(parent__isnull=False, parent__parent__isnull=True).first()
        other_top = BodyRegion.objects.filter(parent=None).exclude(pk=part.parent_id).first()
        response = self.edit(editor, part, parent=other_top.pk)
        assert response.status_code == 302
        part.refresh_from_db()
        assert part.parent_id == other_top.pk
