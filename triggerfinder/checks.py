from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from triggerfinder.conf import CSP_MIDDLEWARE, conf
from triggerfinder.core import bounds

REQUIRED_APPS = ("crispy_forms", "crispy_bootstrap5", "django_htmx", "bootstrap", "simple_history")


@register(Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    if not isinstance(conf.PRACTICE_NAME, str) or not conf.PRACTICE_NAME.strip():
        errors.append(
            Error(
                "TRIGGERFINDER_PRACTICE_NAME must be a non-empty string.",
                hint="Set it to the practice's name, e.g. 'Praxis Müller'.",
                id="triggerfinder.E001",
            )
        )
    per_page = conf.CLIENTS_PER_PAGE
    if (
        isinstance(per_page, bool)
        or not isinstance(per_page, int)
        or not bounds.CLIENTS_PER_PAGE.contains(per_page)
    ):
        errors.append(
            Error(
                f"TRIGGERFINDER_CLIENTS_PER_PAGE must be a whole number from {bounds.CLIENTS_PER_PAGE.low} to {bounds.CLIENTS_PER_PAGE.high}.",
                id="triggerfinder.E002",
            )
        )
    days = conf.WORKING_DAYS
    if not days or not all(
        isinstance(day, int) and not isinstance(day, bool) and bounds.WEEKDAY.contains(day) for day in days
    ):
        errors.append(
            Error(
                "TRIGGERFINDER_WORKING_DAYS must list at least one weekday as a number 0 (Monday) to 6 (Sunday).",
                id="triggerfinder.E006",
            )
        )
    for name, value, bound in [
        ("TRIGGERFINDER_MAINTENANCE_WEEKS", conf.MAINTENANCE_WEEKS, bounds.MAINTENANCE_WEEKS),
        ("TRIGGERFINDER_MAINTENANCE_VISITS", conf.MAINTENANCE_VISITS, bounds.MAINTENANCE_VISITS),
        ("TRIGGERFINDER_SESSION_MINUTES", conf.SESSION_MINUTES, bounds.SESSION_MINUTES),
        ("TRIGGERFINDER_QUESTIONNAIRE_DAYS", conf.QUESTIONNAIRE_DAYS, bounds.QUESTIONNAIRE_DAYS),
    ]:
        if isinstance(value, bool) or not isinstance(value, int) or not bound.contains(value):
            errors.append(
                Error(
                    f"{name} must be a whole number from {bound.low} to {bound.high}.",
                    id="triggerfinder.E007",
                )
            )
    errors += _appointment_book_errors()
    if not isinstance(conf.CALENDAR_FEED_FULL_NAMES, bool):
        errors.append(
            Error(
                "TRIGGERFINDER_CALENDAR_FEED_FULL_NAMES must be True or False.",
                hint="False (the default) shows clients' initials in the therapists' calendar feeds.",
                id="triggerfinder.E013",
            )
        )
    logo = conf.PRACTICE_LOGO
    if logo and (not Path(logo).is_file() or Path(logo).suffix.lower() not in {".png", ".jpg", ".jpeg"}):
        errors.append(
            Error(
                "TRIGGERFINDER_PRACTICE_LOGO must be the path of an existing local PNG or JPEG file.",
                hint="Handouts never fetch anything from the network.",
                id="triggerfinder.E008",
            )
        )
    missing = [name for name in REQUIRED_APPS if not apps.is_installed(name)]
    if missing:
        errors.append(
            Error(
                f"triggerfinder needs these apps in INSTALLED_APPS: {', '.join(missing)}.",
                id="triggerfinder.E004",
            )
        )
    if conf.FINDER_FRAME_ORIGINS and CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "TRIGGERFINDER_FINDER_FRAME_ORIGINS is set, but without django-csp's middleware no "
                "policy names them: the finder embed stays unframable (X-Frame-Options: DENY).",
                hint=f"Install django-csp (pip install 'triggerfinder[security]') and add {CSP_MIDDLEWARE!r} "
                "to MIDDLEWARE, or remove the setting.",
                id="triggerfinder.E010",
            )
        )
    if "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "triggerfinder needs django.middleware.locale.LocaleMiddleware for German/English.",
                id="triggerfinder.E005",
            )
        )
    return errors


def holidays_problem(value: Any) -> str | None:
    """Why a TRIGGERFINDER_HOLIDAYS value is unusable, None when it is fine."""
    if value is None:
        return None
    if (
        not isinstance(value, list | tuple)
        or not 1 <= len(value) <= 2
        or not all(isinstance(part, str) and part for part in value)
    ):
        return "TRIGGERFINDER_HOLIDAYS must be None, (country,) or (country, subdivision), e.g. ('DE', 'SN')."
    import holidays

    supported = holidays.list_supported_countries()
    if value[0] not in supported:
        return f"TRIGGERFINDER_HOLIDAYS: the holidays package knows no country {value[0]!r}."
    if len(value) == 2 and value[1] not in supported[value[0]]:
        return (
            f"TRIGGERFINDER_HOLIDAYS: the holidays package knows no subdivision {value[1]!r} of {value[0]}."
        )
    return None


def _appointment_book_errors() -> list[Error]:
    errors: list[Error] = []
    problem = holidays_problem(conf.HOLIDAYS)
    if problem is not None:
        errors.append(
            Error(
                problem,
                hint="Countries and subdivisions are ISO 3166 codes as the holidays package lists them.",
                id="triggerfinder.E011",
            )
        )
    for name, value, bound in [
        (
            "TRIGGERFINDER_LATE_CANCELLATION_HOURS",
            conf.LATE_CANCELLATION_HOURS,
            bounds.LATE_CANCELLATION_HOURS,
        ),
        (
            "TRIGGERFINDER_APPOINTMENT_BUFFER_MINUTES",
            conf.APPOINTMENT_BUFFER_MINUTES,
            bounds.APPOINTMENT_BUFFER_MINUTES,
        ),
        ("TRIGGERFINDER_SLOT_TOLERANCE_DAYS", conf.SLOT_TOLERANCE_DAYS, bounds.SLOT_TOLERANCE_DAYS),
    ]:
        if isinstance(value, bool) or not isinstance(value, int) or not bound.contains(value):
            errors.append(
                Error(
                    f"{name} must be a whole number from {bound.low} to {bound.high}.",
                    id="triggerfinder.E012",
                )
            )
    return errors


@register(Tags.security)
def check_second_factor(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """A required second factor that cannot be asked for would silently leave the password alone."""
    from triggerfinder.security import second_factor

    if not conf.REQUIRE_SECOND_FACTOR:
        return []
    middleware = list(settings.MIDDLEWARE)
    missing = [name for name in second_factor.OTP_APPS if not apps.is_installed(name)]
    missing += [
        name
        for name in (second_factor.OTP_MIDDLEWARE, "triggerfinder.security.middleware.SecondFactorMiddleware")
        if name not in middleware
    ]
    if not missing:
        return []
    return [
        Warning(
            f"TRIGGERFINDER_REQUIRE_SECOND_FACTOR is on, but {', '.join(missing)} is not installed: "
            "log-ins need the password only.",
            hint="Install the 'security' extra and add the apps and middleware (see README), or set "
            "TRIGGERFINDER_REQUIRE_SECOND_FACTOR = False on purpose.",
            id="triggerfinder.W002",
        )
    ]


def _migrations_pending() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@register(Tags.models)
def check_knowledge_floors(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Safety-critical contraindications in the database at or above their floor (core.screening).

    It reads the database, so it runs with plain ``manage.py check``; before the migrations (no
    tables yet, or data migrations still to run that bring new floored entries, e.g. 0013) or
    without a reachable database there is nothing to check: ``migrate`` runs the checks first and
    must not be stopped by what it is about to add.
    """
    from triggerfinder.services.knowledge.rules import floor_problems

    try:
        if _migrations_pending():
            return []
        problems = floor_problems()
    except DatabaseError:  # OperationalError, ProgrammingError: not migrated or not reachable
        return []
    return [Error(problem, hint=hint, id="triggerfinder.E009") for problem, hint in problems]


def body_map_gaps() -> list[str]:
    """Every body region in the database without a body-map shape and every muscle without
    trigger-point marks. A parent region (``leg``) is drawn through its parts."""
    from triggerfinder.bodymap.marks import TRIGGER_POINT_MARKS
    from triggerfinder.bodymap.regions import BACK, FRONT, region_slugs
    from triggerfinder.models import BodyRegion, Muscle

    drawn = region_slugs(FRONT) | region_slugs(BACK)
    parts: dict[int, set[str]] = {}
    for parent_id, slug in BodyRegion.objects.exclude(parent=None).values_list("parent_id", "slug"):
        parts.setdefault(parent_id, set()).add(slug)
    gaps = [
        f"Body region “{slug}” has no shape on the body map."
        for pk, slug in BodyRegion.objects.order_by("slug").values_list("pk", "slug")
        if slug not in drawn and not parts.get(pk, set()) & drawn
    ]
    gaps += [
        f"Muscle “{slug}” has no trigger-point marks on the body map."
        for slug in Muscle.objects.order_by("slug").values_list("slug", flat=True)
        if not TRIGGER_POINT_MARKS.get(slug)
    ]
    return gaps


@register(Tags.models)
def check_body_map(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Regions and muscles the body map cannot show (bodymap): the finder still works, but the
    map has nothing to click for the region and the handout no marks for the muscle. Like the floor
    check it reads the database, so before the migrations or without a database it says nothing."""
    try:
        if _migrations_pending():
            return []
        gaps = body_map_gaps()
    except DatabaseError:
        return []
    hint = "Add the region's shape or the muscle's marks in triggerfinder/bodymap/regions.py or marks.py."
    return [Warning(gap, hint=hint, id="triggerfinder.W001") for gap in gaps]
