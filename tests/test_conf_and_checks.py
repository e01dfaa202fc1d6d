from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import WARNING
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

from triggerfinder.checks import check_body_map, check_knowledge_floors, check_settings
from triggerfinder.conf import conf
from triggerfinder.models import BodyRegion, Contraindication, Muscle


def error_ids() -> set[str]:
    return {error.id for error in check_settings()}


def test_defaults_without_settings():
    with override_settings():
        from django.conf import settings

        del settings.TRIGGERFINDER_PRACTICE_NAME
        assert conf.PRACTICE_NAME == "triggerfinder"
    assert conf.CLIENTS_PER_PAGE == 25


def test_settings_are_read_at_use_time():
    with override_settings(TRIGGERFINDER_CLIENTS_PER_PAGE=7):
        assert conf.CLIENTS_PER_PAGE == 7


def test_shipped_settings_pass_the_checks():
    assert error_ids() == set()


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("TRIGGERFINDER_PRACTICE_NAME", "  ", "triggerfinder.E001"),
        ("TRIGGERFINDER_PRACTICE_NAME", 42, "triggerfinder.E001"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", 0, "triggerfinder.E002"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", "25", "triggerfinder.E002"),
        ("TRIGGERFINDER_CLIENTS_PER_PAGE", True, "triggerfinder.E002"),
        ("TRIGGERFINDER_HOLIDAYS", ("XX",), "triggerfinder.E011"),
        ("TRIGGERFINDER_HOLIDAYS", ("DE", "XX"), "triggerfinder.E011"),
        ("TRIGGERFINDER_HOLIDAYS", "DE", "triggerfinder.E011"),
        ("TRIGGERFINDER_HOLIDAYS", ("DE", "SN", "extra"), "triggerfinder.E011"),
        ("TRIGGERFINDER_LATE_CANCELLATION_HOURS", -1, "triggerfinder.E012"),
        ("TRIGGERFINDER_LATE_CANCELLATION_HOURS", "24", "triggerfinder.E012"),
        ("TRIGGERFINDER_APPOINTMENT_BUFFER_MINUTES", 500, "triggerfinder.E012"),
        ("TRIGGERFINDER_SLOT_TOLERANCE_DAYS", True, "triggerfinder.E012"),
        ("TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES", "yes", "triggerfinder.E013"),
        ("TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES", 1, "triggerfinder.E013"),
    ],
)
def test_bad_values_are_reported(setting, value, error):
    with override_settings(**{setting: value}):
        assert error in error_ids()


@pytest.mark.parametrize("value", [None, ("DE",), ("DE", "SN"), ["AT", "9"]])
def test_good_holiday_settings_pass(value):
    with override_settings(TRIGGERFINDER_HOLIDAYS=value):
        assert "triggerfinder.E011" not in error_ids()


def test_the_appointment_book_defaults():
    assert conf.HOLIDAYS == ("DE", "SN")
    assert (conf.LATE_CANCELLATION_HOURS, conf.APPOINTMENT_BUFFER_MINUTES, conf.SLOT_TOLERANCE_DAYS) == (
        24,
        0,
        2,
    )


def test_missing_dependencies_and_middleware_are_reported(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "LocaleMiddleware" not in m]
    assert "triggerfinder.E005" in error_ids()


def test_frame_origins_without_the_csp_middleware_are_reported(settings):
    settings.TRIGGERFINDER_FINDER_FRAME_ORIGINS = ["https://praxis.example.org"]
    assert "triggerfinder.E010" not in error_ids()  # the shipped project has django-csp
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    assert "triggerfinder.E010" in error_ids()
    settings.TRIGGERFINDER_FINDER_FRAME_ORIGINS = []
    assert "triggerfinder.E010" not in error_ids()


@pytest.mark.django_db
class TestKnowledgeFloorCheck:
    def test_the_shipped_knowledge_base_passes(self):
        assert check_knowledge_floors() == []

    def test_a_level_lowered_behind_the_apps_back_is_an_error(self):
        Contraindication.objects.filter(slug="saddle-numbness").update(level="caution")  # no validation
        errors = check_knowledge_floors()
        assert [error.id for error in errors] == ["triggerfinder.E009"]
        assert "saddle-numbness" in errors[0].msg and "emergency" in errors[0].msg

    def test_a_missing_floored_entry_is_an_error(self):
        thunderclap = Contraindication.objects.get(slug="thunderclap-headache")
        thunderclap.warning_regions.clear()
        with connection.cursor() as cursor:  # deleting through the ORM is refused
            cursor.execute("DELETE FROM triggerfinder_contraindication WHERE id = %s", [thunderclap.pk])
        errors = check_knowledge_floors()
        assert [error.id for error in errors] == ["triggerfinder.E009"]
        assert "thunderclap-headache" in errors[0].msg

    def test_an_empty_knowledge_base_is_not_an_error(self):
        for name in ("excluded_muscles", "excluded_stretches", "warning_regions"):
            getattr(Contraindication, name).through.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM triggerfinder_contraindication")
        assert check_knowledge_floors() == []

    def test_nothing_is_reported_while_migrations_are_pending(self):
        """``migrate`` runs the checks first: the floored entries 0013 adds must not stop it."""
        from django.db.migrations.recorder import MigrationRecorder

        Contraindication.objects.filter(slug="saddle-numbness").update(level="caution")
        # As on a database migrated before 0013: it and everything after it still to run.
        MigrationRecorder.Migration.objects.filter(app="triggerfinder", name__gte="0013").delete()
        assert check_knowledge_floors() == []

    def test_it_runs_with_plain_check(self):
        Contraindication.objects.filter(slug="numbness").update(level="postpone")
        with pytest.raises(SystemCheckError, match=r"triggerfinder\.E009"):
            call_command("check", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
class TestBodyMapCheck:
    def test_the_shipped_knowledge_base_passes(self):
        """Every shipped region has a shape (``leg`` through its parts), every muscle its marks."""
        assert check_body_map() == []

    def test_a_region_and_a_muscle_the_map_cannot_show_are_warnings(self):
        BodyRegion.objects.create(slug="elbow", view="back", name_de="Ellbogen", name_en="Elbow")
        muscle = Muscle.objects.get(slug="supraspinatus")
        Muscle.objects.filter(pk=muscle.pk).update(slug="teres-minor")  # no marks under that slug
        warnings = check_body_map()
        assert [w.id for w in warnings] == ["triggerfinder.W001", "triggerfinder.W001"]
        assert "elbow" in warnings[0].msg and "teres-minor" in warnings[1].msg
        assert all(w.level == WARNING for w in warnings)

    def test_a_parent_region_without_drawn_parts_is_a_warning(self):
        BodyRegion.objects.filter(parent__slug="leg").update(parent=None)
        assert [w.msg for w in check_body_map()] == ["Body region “leg” has no shape on the body map."]

    def test_nothing_is_reported_while_migrations_are_pending(self):
        from django.db.migrations.recorder import MigrationRecorder

        BodyRegion.objects.create(slug="elbow", view="back", name_de="Ellbogen", name_en="Elbow")
        MigrationRecorder.Migration.objects.filter(app="triggerfinder", name__gte="0015").delete()
        assert check_body_map() == []

    def test_it_runs_with_plain_check_and_does_not_stop_it(self):
        BodyRegion.objects.create(slug="elbow", view="back", name_de="Ellbogen", name_en="Elbow")
        out = StringIO()
        call_command("check", stdout=out, stderr=out)
        assert "triggerfinder.W001" in out.getvalue()


def test_plain_check_passes_on_a_database_without_tables():
    """Before ``migrate`` the floor check has nothing to read, and says nothing."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DEBUG": "1",
            "DATABASE_URL": "sqlite://:memory:",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("value", ["short", 123456789012345])
def test_a_weak_demo_password_is_reported_by_the_host_project(value):
    from clinic.ops.checks import check_demo_password

    assert check_demo_password() == []
    with override_settings(DEMO_PASSWORD=value):
        assert [error.id for error in check_demo_password()] == ["clinic.E001"]


def test_the_app_has_no_demo_setting_any_more():
    assert not hasattr(conf, "DEMO_PASSWORD")
