"""The knowledge base as one JSON document: the shipped data, the admin's export and its import.

One format serves all three, so whatever an admin exports can be imported again unchanged (a
test round-trips it). Field rules (weights 1–3, unique slugs, required texts) live on the models;
the import runs every object through ``full_clean`` and reports all problems at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from triggerfinder.models import BodyRegion, Contraindication, Muscle, PerpetuatingFactor, Referral, Stretch

FORMAT = "triggerfinder-knowledge"
VERSION = 1
SHIPPED_FILE = Path(__file__).resolve().parent / "fixtures" / "knowledge.json"

REGION_FIELDS = ["slug", "view", "order", "name_de", "name_en", "description_de", "description_en"]
FACTOR_FIELDS = ["slug", "order", "name_de", "name_en", "advice_de", "advice_en"]
CONTRAINDICATION_FIELDS = [
    "slug",
    "level",
    "order",
    "label_de",
    "label_en",
    "therapist_note_de",
    "therapist_note_en",
    "client_advice_de",
    "client_advice_en",
]
STRETCH_FIELDS = [
    "slug",
    "name_de",
    "name_en",
    "instructions_de",
    "instructions_en",
    "hold_seconds",
    "repetitions",
    "caution_de",
    "caution_en",
]
MUSCLE_FIELDS = [
    "slug",
    "latin_name",
    "name_de",
    "name_en",
    "view",
    "trigger_points_de",
    "trigger_points_en",
    "referral_de",
    "referral_en",
    "causes_de",
    "causes_en",
    "cautions_de",
    "cautions_en",
]
SELF_TREATMENT_FIELDS = [
    "tool",
    "position_de",
    "position_en",
    "steps_de",
    "steps_en",
    "hold_seconds_min",
    "hold_seconds_max",
    "frequency_de",
    "frequency_en",
]
REFERRAL_FIELDS = ["weight", "note_de", "note_en"]


class KnowledgeImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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


def _sources(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def _pick(obj: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def knowledge_export() -> dict[str, Any]:
    regions = BodyRegion.objects.select_related("parent").order_by("order", "slug")
    muscles = Muscle.objects.prefetch_related("referrals__region", "stretches", "perpetuating_factors")
    return {
        "format": FORMAT,
        "version": VERSION,
        "regions": [
            {**_pick(r, REGION_FIELDS), "parent": r.parent.slug if r.parent else None} for r in regions
        ],
        "perpetuating_factors": [
            {**_pick(f, FACTOR_FIELDS), "sources": _sources(f.sources)}
            for f in PerpetuatingFactor.objects.order_by("order", "slug")
        ],
        "contraindications": [
            {**_pick(c, CONTRAINDICATION_FIELDS), "sources": _sources(c.sources)}
            for c in Contraindication.objects.order_by("order", "slug")
        ],
        "stretches": [_pick(s, STRETCH_FIELDS) for s in Stretch.objects.order_by("slug")],
        "muscles": [
            {
                **_pick(m, MUSCLE_FIELDS),
                "self_treatment": _pick(m, SELF_TREATMENT_FIELDS),
                "referrals": [
                    {"region": r.region.slug, **_pick(r, REFERRAL_FIELDS), "sources": _sources(r.sources)}
                    for r in sorted(m.referrals.all(), key=lambda r: (-r.weight, r.region.slug))
                ],
                "stretches": sorted(s.slug for s in m.stretches.all()),
                "perpetuating_factors": sorted(f.slug for f in m.perpetuating_factors.all()),
                "sources": _sources(m.sources),
            }
            for m in muscles.order_by("slug")
        ],
    }


def knowledge_export_json() -> str:
    return json.dumps(knowledge_export(), ensure_ascii=False, indent=2) + "\n"


def load_document(raw: str | bytes) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeImportError([f"not valid JSON: {exc}"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise KnowledgeImportError([f'not a knowledge base file (expected "format": "{FORMAT}")'])
    if document.get("version") != VERSION:
        raise KnowledgeImportError([f"unsupported version {document.get('version')!r}, expected {VERSION}"])
    return document


class _Importer:
    def __init__(self, document: dict[str, Any], reset: bool) -> None:
        self.document = document
        self.reset = reset
        self.summary = ImportSummary()
        self.problems: list[str] = []

    def section(self, name: str) -> list[dict[str, Any]]:
        items = self.document.get(name, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.problems.append(f"{name}: must be a list of objects")
            return []
        return items

    def save(self, model: type, where: str, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        """Create the object, or overwrite it when resetting; return it (or None on a problem)."""
        obj = model.objects.filter(**lookup).first()
        section = model._meta.verbose_name_plural
        if obj is not None and not self.reset:
            self.summary.count("kept", str(section))
            return obj
        bucket = "updated" if obj is not None else "created"
        obj = obj or model(**lookup)
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

    def fields(self, item: dict[str, Any], names: list[str], where: str) -> dict[str, Any] | None:
        missing = [name for name in names if name not in item]
        if missing:
            self.problems.append(f"{where}: missing {', '.join(missing)}")
            return None
        return {name: item[name] for name in names if name != "slug"}

    def sources(self, item: dict[str, Any]) -> str:
        value = item.get("sources", [])
        return ", ".join(value) if isinstance(value, list) else str(value)

    def run(self) -> ImportSummary:
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
            parent = BodyRegion.objects.filter(slug=parent_slug).first() if parent_slug else None
            if parent_slug and parent is None:
                self.problems.append(f"regions[{index}] {item['slug']}: unknown parent {parent_slug!r}")
            elif region.parent != parent:
                region.parent = parent
                region.save()

        for name, model, names in [
            ("perpetuating_factors", PerpetuatingFactor, FACTOR_FIELDS),
            ("contraindications", Contraindication, CONTRAINDICATION_FIELDS),
            ("stretches", Stretch, STRETCH_FIELDS),
        ]:
            for index, item in enumerate(self.section(name)):
                where = f"{name}[{index}] {item.get('slug', '?')}"
                values = self.fields(item, names, where)
                if values is not None:
                    if "sources" in {f.name for f in model._meta.fields}:
                        values["sources"] = self.sources(item)
                    self.save(model, where, {"slug": item["slug"]}, values)

        for index, item in enumerate(self.section("muscles")):
            self.muscle(index, item)
        return self.summary

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
        existed = Muscle.objects.filter(slug=item["slug"]).exists()
        muscle = self.save(
            Muscle,
            where,
            {"slug": item["slug"]},
            {**values, **treatment_values, "sources": self.sources(item)},
        )
        if muscle is None or (existed and not self.reset):
            return
        for name, model in [("stretches", Stretch), ("perpetuating_factors", PerpetuatingFactor)]:
            slugs = item.get(name, [])
            found = list(model.objects.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {obj.slug for obj in found})
            if unknown:
                self.problems.append(f"{where}: unknown {name} {', '.join(unknown)}")
            getattr(muscle, name).set(found)
        if not item.get("stretches"):
            self.problems.append(f"{where}: needs at least one stretch")
        referrals = item.get("referrals", [])
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
