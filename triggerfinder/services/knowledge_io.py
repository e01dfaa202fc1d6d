"""The knowledge base as one JSON document: the shipped data, the admin's export and its import.

One format serves all three, so whatever an admin exports can be imported again unchanged (a
test round-trips it). Field rules (weights 1–3, unique slugs, required texts, the safety floors)
live on the models; the import runs every object through ``full_clean`` and reports all problems
at once.

Version 2 added what a finding changes (a contraindication's minimum delay, pressure, excluded
muscles and stretches, and whether clients read it as a warning sign, and for which regions), the
muscles' light variants and the escalation rules; later within version 2, the muscles' short
handout steps (optional on import). A version 1 document still imports: it says
nothing about those, so they keep their current values (the defaults for new entries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import JSONField

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

FORMAT = "triggerfinder-knowledge"
VERSION = 2
READABLE_VERSIONS = (1, 2)
SHIPPED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge.json"

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
    "postpone_days",
    "pressure",
    "client_warning",
]
# The contraindication's references by slug: field -> the model they name.
CONTRAINDICATION_LINKS: dict[str, type] = {
    "excluded_muscles": Muscle,
    "excluded_stretches": Stretch,
    "warning_regions": BodyRegion,
}
ESCALATION_FIELDS = ["slug", "level", "order", "groups", "reason_de", "reason_en"]
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
    "handout_steps_de",
    "handout_steps_en",
    "hold_seconds_min",
    "hold_seconds_max",
    "frequency_de",
    "frequency_en",
    "light_steps_de",
    "light_steps_en",
]
REFERRAL_FIELDS = ["weight", "note_de", "note_en"]
# What a version 1 document does not have: left as it is on import.
NEW_IN_VERSION_2 = frozenset(
    {
        "postpone_days",
        "pressure",
        "client_warning",
        *CONTRAINDICATION_LINKS,
        "light_steps_de",
        "light_steps_en",
    }
)
# Added later within version 2 (a muscle's handout steps): a document without them, of either
# version, leaves them as they are.
OPTIONAL_IN_VERSION_2 = frozenset({"handout_steps_de", "handout_steps_en"})


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
            {
                **_pick(c, CONTRAINDICATION_FIELDS),
                **{
                    name: sorted(obj.slug for obj in getattr(c, name).all())
                    for name in CONTRAINDICATION_LINKS
                },
                "sources": _sources(c.sources),
            }
            for c in Contraindication.objects.prefetch_related(*CONTRAINDICATION_LINKS).order_by(
                "order", "slug"
            )
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
        "escalation_rules": [
            {**_pick(r, ESCALATION_FIELDS), "sources": _sources(r.sources)}
            for r in EscalationRule.objects.order_by("order", "slug")
        ],
    }


def knowledge_export_json() -> str:
    return json.dumps(knowledge_export(), ensure_ascii=False, indent=2) + "\n"


MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # the shipped file is well under 1 MB
MAX_DEPTH = 10  # the format nests 6 deep


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests more than ``limit`` lists and objects deep (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def load_document(raw: str | bytes) -> dict[str, Any]:
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise KnowledgeImportError([f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"])
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeImportError([f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise KnowledgeImportError([f"nested more than {MAX_DEPTH} levels deep"]) from None
    if _too_deep(document, MAX_DEPTH):
        raise KnowledgeImportError([f"nested more than {MAX_DEPTH} levels deep"])
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise KnowledgeImportError([f'not a knowledge base file (expected "format": "{FORMAT}")'])
    if document.get("version") not in READABLE_VERSIONS:
        raise KnowledgeImportError([f"unsupported version {document.get('version')!r}, expected {VERSION}"])
    return document


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

    def save(self, model: type, where: str, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        """Create the object, or overwrite it when resetting; return it (or None on a problem)."""
        obj = model.objects.filter(**lookup).first()
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

    def written(self, model: type, where: str, item: dict[str, Any], values: dict[str, Any]) -> Any:
        """Save by slug; the object when this import wrote it (created, or overwritten on reset)."""
        existed = model.objects.filter(slug=item["slug"]).exists()
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

    def link(self, obj: Any, item: dict[str, Any], name: str, model: type, where: str) -> None:
        """Point the many-to-many field ``name`` at the document's slugs; unknown ones are problems.

        A version 1 document has no contraindication links: they stay as they are.
        """
        if name not in item and name in NEW_IN_VERSION_2:
            return
        slugs = item.get(name, [])
        if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
            self.problems.append(f"{where}: {name} must be a list of slugs")
            return
        found = list(model.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {obj.slug for obj in found})
        if unknown:
            self.problems.append(f"{where}: unknown {name} {', '.join(unknown)}")
        getattr(obj, name).set(found)

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
