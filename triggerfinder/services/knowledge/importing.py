"""A knowledge base document brought into the database, all or nothing.

Field rules (weights 1–3, unique slugs, required texts, the safety floors) live on the models; the
import runs every object through ``full_clean`` and reports all problems at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import JSONField, Model

from triggerfinder.core import screening
from triggerfinder.core.knowledge import parent_cycles
from triggerfinder.models import (
    BodyRegion,
    Contraindication,
    EscalationRule,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
)
from triggerfinder.services.knowledge.document import (
    CONTRAINDICATION_FIELDS,
    CONTRAINDICATION_LINKS,
    ESCALATION_FIELDS,
    FACTOR_FIELDS,
    MUSCLE_FIELDS,
    NEW_IN_VERSION_2,
    OPTIONAL_IN_VERSION_2,
    READABLE_VERSIONS,
    REFERRAL_FIELDS,
    REGION_FIELDS,
    SELF_TREATMENT_FIELDS,
    SHIPPED_FILE,
    STRETCH_FIELDS,
    VERSION,
    KnowledgeImportError,
    load_document,
)


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, section: str) -> None:
        counts = getattr(self, bucket)
        counts[section] = counts.get(section, 0) + 1

    def total(self, bucket: str) -> int:
        return sum(getattr(self, bucket).values())


class _Importer:
    def __init__(self, document: dict[str, Any], reset: bool) -> None:
        self.document = document
        self.reset = reset
        self.summary = ImportSummary()
        self.problems: list[str] = []
        self.version = document.get("version", VERSION)
        if self.version not in READABLE_VERSIONS:
            self.problems.append(f"unsupported version {self.version!r}, expected {VERSION}")

    def section(self, name: str) -> list[dict[str, Any]]:
        items = self.document.get(name, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.problems.append(f"{name}: must be a list of objects")
            return []
        slugs = [item.get("slug") for item in items]
        if not all(isinstance(slug, str) for slug in slugs):
            self.problems.append(f"{name}: every entry needs a slug that is a text")
            return []
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            self.problems.append(f"{name}: duplicate slug {', '.join(duplicates)}")
            return []
        return items

    def save(self, model: type[Model], where: str, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        """Create the object, or overwrite it when resetting; return it (or None on a problem)."""
        obj = model._default_manager.filter(**lookup).first()
        section = model._meta.verbose_name_plural
        if obj is not None and not self.reset:
            self.summary.count("kept", str(section))
            return obj
        bucket = "updated" if obj is not None else "created"
        obj = obj or model(**lookup)
        wrong = sorted(
            name
            for name, value in values.items()
            if isinstance(value, dict | list) and not isinstance(model._meta.get_field(name), JSONField)
        )
        if wrong:
            self.problems.append(f"{where}: {', '.join(wrong)}: must be a single value, not a list or object")
            return None
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                self.problems.append(f"{where}: {field_name}: {' '.join(messages)}")
            return None
        obj.save()
        self.summary.count(bucket, str(section))
        return obj

    def written(self, model: type[Model], where: str, item: dict[str, Any], values: dict[str, Any]) -> Any:
        """Save by slug; the object when this import wrote it (created, or overwritten on reset)."""
        existed = model._default_manager.filter(slug=item["slug"]).exists()
        obj = self.save(model, where, {"slug": item["slug"]}, values)
        return obj if obj is not None and (self.reset or not existed) else None

    def fields(self, item: dict[str, Any], names: list[str], where: str) -> dict[str, Any] | None:
        optional = (NEW_IN_VERSION_2 if self.version == 1 else frozenset()) | OPTIONAL_IN_VERSION_2
        missing = [name for name in names if name not in item and name not in optional]
        if missing:
            self.problems.append(f"{where}: missing {', '.join(missing)}")
            return None
        return {name: item[name] for name in names if name != "slug" and name in item}

    def sources(self, item: dict[str, Any]) -> str:
        value = item.get("sources", [])
        return ", ".join(value) if isinstance(value, list) else str(value)

    def link(self, obj: Any, item: dict[str, Any], name: str, model: type[Model], where: str) -> None:
        """Point the many-to-many field ``name`` at the document's slugs; unknown ones are problems.

        A version 1 document has no contraindication links: they stay as they are.
        """
        if name not in item and name in NEW_IN_VERSION_2:
            return
        slugs = item.get(name, [])
        if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
            self.problems.append(f"{where}: {name} must be a list of slugs")
            return
        found = model._default_manager.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - set(found.values_list("slug", flat=True)))
        if unknown:
            self.problems.append(f"{where}: unknown {name} {', '.join(unknown)}")
        getattr(obj, name).set(list(found))

    def run(self) -> ImportSummary:
        if self.problems:
            return self.summary
        regions = self.section("regions")
        written = []
        for index, item in enumerate(regions):
            where = f"regions[{index}] {item.get('slug', '?')}"
            values = self.fields(item, REGION_FIELDS, where)
            existed = values is not None and BodyRegion.objects.filter(slug=item["slug"]).exists()
            region = self.save(BodyRegion, where, {"slug": item.get("slug")}, values) if values else None
            if region is not None and (self.reset or not existed):
                written.append((index, item, region))
        for index, item, region in written:  # parents once every region exists
            parent_slug = item.get("parent")
            parent = (
                BodyRegion.objects.filter(slug=parent_slug).first() if isinstance(parent_slug, str) else None
            )
            if parent_slug and parent is None:
                self.problems.append(f"regions[{index}] {item['slug']}: unknown parent {parent_slug!r}")
            elif region.parent != parent:
                region.parent = parent
                region.save()
        self.refuse_parent_cycles()

        for index, item in enumerate(self.section("perpetuating_factors")):
            where = f"perpetuating_factors[{index}] {item.get('slug', '?')}"
            values = self.fields(item, FACTOR_FIELDS, where)
            if values is not None:
                self.save(
                    PerpetuatingFactor,
                    where,
                    {"slug": item["slug"]},
                    {**values, "sources": self.sources(item)},
                )

        contraindications = [
            self.contraindication(index, item) for index, item in enumerate(self.section("contraindications"))
        ]

        for index, item in enumerate(self.section("stretches")):
            where = f"stretches[{index}] {item.get('slug', '?')}"
            values = self.fields(item, STRETCH_FIELDS, where)
            if values is not None:
                self.save(Stretch, where, {"slug": item["slug"]}, values)

        for index, item in enumerate(self.section("muscles")):
            self.muscle(index, item)

        # Contraindications name muscles, stretches and regions: link them once those exist.
        for where, item, contraindication in filter(None, contraindications):
            for name, model in CONTRAINDICATION_LINKS.items():
                self.link(contraindication, item, name, model, where)
            nested = sorted(
                contraindication.warning_regions.exclude(parent=None).values_list("slug", flat=True)
            )
            if nested:
                self.problems.append(
                    f"{where}: warning_regions must be top-level regions, not {', '.join(nested)}"
                )

        for index, item in enumerate(self.section("escalation_rules")):  # they name contraindications
            where = f"escalation_rules[{index}] {item.get('slug', '?')}"
            values = self.fields(item, ESCALATION_FIELDS, where)
            if values is not None:
                self.save(
                    EscalationRule, where, {"slug": item["slug"]}, {**values, "sources": self.sources(item)}
                )
        return self.summary

    def refuse_parent_cycles(self) -> None:
        parents = dict(BodyRegion.objects.values_list("slug", "parent__slug"))
        for cycle in parent_cycles(parents):
            self.problems.append(f"regions {cycle[0]}: its parents lead back to itself ({' → '.join(cycle)})")

    def contraindication(self, index: int, item: dict[str, Any]) -> tuple[str, dict[str, Any], Any] | None:
        """Save one contraindication's own fields; (where, item, object) when this import wrote it."""
        where = f"contraindications[{index}] {item.get('slug', '?')}"
        values = self.fields(item, CONTRAINDICATION_FIELDS, where)
        if values is None:
            return None
        slug, level = item["slug"], item.get("level")
        kept = not self.reset and Contraindication.objects.filter(slug=slug).exists()
        floored = isinstance(slug, str) and level in screening.LEVELS and screening.below_floor(slug, level)
        if kept and floored:
            # An entry written here is refused by full_clean; one kept as it is must not pass either.
            self.problems.append(
                f"{where}: level: {slug!r} is safety-critical: its level cannot be lower than "
                f"{screening.floor_level(slug)!r}"
            )
        obj = self.written(Contraindication, where, item, {**values, "sources": self.sources(item)})
        return (where, item, obj) if obj is not None else None

    def muscle(self, index: int, item: dict[str, Any]) -> None:
        where = f"muscles[{index}] {item.get('slug', '?')}"
        values = self.fields(item, MUSCLE_FIELDS, where)
        treatment = item.get("self_treatment")
        if not isinstance(treatment, dict):
            self.problems.append(f"{where}: missing self_treatment")
            return
        treatment_values = self.fields(treatment, SELF_TREATMENT_FIELDS, f"{where} self_treatment")
        if values is None or treatment_values is None:
            return
        muscle = self.written(
            Muscle, where, item, {**values, **treatment_values, "sources": self.sources(item)}
        )
        if muscle is None:
            return
        for name, model in [("stretches", Stretch), ("perpetuating_factors", PerpetuatingFactor)]:
            self.link(muscle, item, name, model, where)
        if not item.get("stretches"):
            self.problems.append(f"{where}: needs at least one stretch")
        referrals = item.get("referrals", [])
        if not isinstance(referrals, list) or not all(isinstance(r, dict) for r in referrals):
            self.problems.append(f"{where}: referrals must be a list of objects")
            return
        if not referrals:
            self.problems.append(f"{where}: needs at least one referral")
        kept_regions = []
        for number, referral in enumerate(referrals):
            spot = f"{where} referrals[{number}]"
            region = BodyRegion.objects.filter(slug=referral.get("region")).first()
            referral_values = self.fields(referral, REFERRAL_FIELDS, spot)
            if region is None:
                self.problems.append(f"{spot}: unknown region {referral.get('region')!r}")
                continue
            if referral_values is None:
                continue
            referral_values["sources"] = self.sources(referral)
            self.save(Referral, spot, {"muscle": muscle, "region": region}, referral_values)
            kept_regions.append(region.pk)
        for stale in muscle.referrals.exclude(region__in=kept_regions):
            stale.delete()  # one by one, so the history records each removal


def knowledge_import(document: dict[str, Any], *, reset: bool = False) -> ImportSummary:
    """Bring the document's entries into the database, all or nothing.

    Without ``reset`` entries that already exist (same slug) are kept as they are, so edits made
    in the admin survive a re-run; with ``reset`` they are overwritten with the document's values.
    """
    importer = _Importer(document, reset)
    with transaction.atomic():
        summary = importer.run()
        if importer.problems:
            raise KnowledgeImportError(importer.problems)  # leaving the block rolls everything back
    return summary


def load_shipped_knowledge(*, reset: bool = False) -> ImportSummary:
    return knowledge_import(load_document(SHIPPED_FILE.read_bytes()), reset=reset)
