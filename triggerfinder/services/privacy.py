"""Everything stored about one client, as JSON and as a readable PDF (Art. 15 and 20 GDPR).

Complete by construction: nothing here lists the client's models. The export walks the model graph
from ``Client`` along every reverse one-to-many and one-to-one relation, recursively, *including
hidden ones* (``related_name="+"``, which ``_meta.related_objects`` leaves out, e.g.
``IntakeFactor``), plus every generic reference (a ``GenericForeignKey``, and the admin's
``LogEntry``, whose ``object_repr`` holds the client's name). A model added later with a foreign key
to the client or to any of their records is exported without a change here.

Left out of the walk: the historical models (their rows are exported as each record's change
history instead) and the knowledge base, which rows reference by slug. Foreign keys to users are
exported as user names, to content types as ``app_label.model``, to anything else as the primary key.

A record's change history includes the history of rows that no longer exist (a rescheduled plan
deletes its old dates; the history keeps them): a historical row belongs to the client when its
record did, or when it pointed at a record that did.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field, ForeignObjectRel, Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.duration import duration_iso_string
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.models import HistoricalChanges

from triggerfinder.models import Client
from triggerfinder.models import knowledge as knowledge_models

FORMAT = "triggerfinder-client-export"
VERSION = 1
LANGUAGES = ("de", "en")
CHUNK = 500  # ids per IN (...) query: far below every database's limit on parameters


# --- the model graph ----------------------------------------------------------------------------


def _is_historical(model: type[Model]) -> bool:
    """django-simple-history's own models (also the m2m history models)."""
    return issubclass(model, HistoricalChanges)


def _is_knowledge(model: type[Model]) -> bool:
    return model.__module__ == knowledge_models.__name__


def _history_model(model: type[Model]) -> type[Model] | None:
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager_name is None:
        return None
    return getattr(model, manager_name).model


@dataclass(frozen=True)
class _Edge:
    """Rows of ``child`` that belong to rows of ``parent``: through the foreign key ``field`` of
    ``child``, or, with ``ct_field``, through a generic reference (content type + object id)."""

    parent: type[Model]
    child: type[Model]
    field: str
    ct_field: str | None = None


def _generic_holders(registry: Any) -> list[tuple[type[Model], str, str]]:
    """Models that point at any row by content type and object id: (model, ct field, id field)."""
    holders: list[tuple[type[Model], str, str]] = []
    if registry.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.fields import GenericForeignKey

        for model in registry.get_models():
            if _is_historical(model) or _is_knowledge(model) or model._meta.proxy:
                continue
            holders += [
                (model, field.ct_field, field.fk_field)
                for field in model._meta.private_fields
                if isinstance(field, GenericForeignKey)
            ]
    if registry.is_installed("django.contrib.admin"):
        # The admin's change log has no GenericForeignKey, but is one in all but name.
        log_entry = registry.get_model("admin", "LogEntry")
        if not any(model is log_entry for model, _ct, _id in holders):
            holders.append((log_entry, "content_type", "object_id"))
    return sorted(holders, key=lambda holder: (holder[0]._meta.label, holder[1], holder[2]))


def _edges_from(model: type[Model], holders: list[tuple[type[Model], str, str]]) -> list[_Edge]:
    edges = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not (relation.one_to_many or relation.one_to_one):
            continue
        child = relation.related_model
        if _is_historical(child) or _is_knowledge(child):
            continue
        edges.append(_Edge(model, child, relation.field.name))
    edges += [_Edge(model, holder, id_field, ct_field) for holder, ct_field, id_field in holders]
    return sorted(edges, key=lambda edge: (edge.child._meta.label, edge.field, edge.ct_field or ""))


@dataclass(frozen=True)
class _Graph:
    root: type[Model]
    models: tuple[type[Model], ...]  # reached from root, root not included, sorted by label
    edges: dict[type[Model], list[_Edge]]  # parent -> edges, root included


def _graph(root: type[Model]) -> _Graph:
    holders = _generic_holders(root._meta.apps)
    edges: dict[type[Model], list[_Edge]] = {}
    pending = [root]
    while pending:
        model = pending.pop()
        if model in edges:
            continue
        edges[model] = _edges_from(model, holders)
        pending += [edge.child for edge in edges[model] if edge.child not in edges]
    models = tuple(sorted((m for m in edges if m is not root), key=lambda m: m._meta.label))
    return _Graph(root, models, edges)


def related_models(model: type[Model] = Client) -> set[type[Model]]:
    """Every model whose rows the export walks to from ``model`` (``model`` itself not included)."""
    return set(_graph(model).models)


# --- which rows -----------------------------------------------------------------------------------


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class _ContentTypes:
    """Content type ids, looked up without creating any (an export never writes)."""

    def __init__(self) -> None:
        self._ids: dict[type[Model], int | None] = {}

    def id_for(self, model: type[Model]) -> int | None:
        if model not in self._ids:
            from django.contrib.contenttypes.models import ContentType

            self._ids[model] = (
                ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name)
                .values_list("pk", flat=True)
                .first()
            )
        return self._ids[model]


def _generic_filter(edge: _Edge, model: type[Model], ids: list[Any], types: _ContentTypes) -> Q | None:
    content_type = types.id_for(edge.parent)
    if content_type is None:
        return None
    id_field = model._meta.get_field(edge.field)
    object_ids = [id_field.to_python(pk) for pk in ids]
    ct_attname = model._meta.get_field(edge.ct_field).attname  # type: ignore[arg-type]
    return Q(**{ct_attname: content_type, f"{edge.field}__in": object_ids})


def _live_children(edge: _Edge, parents: set[Any], types: _ContentTypes) -> set[Any]:
    found: set[Any] = set()
    for ids in _chunks(parents):
        if edge.ct_field is None:
            condition: Q | None = Q(**{f"{edge.field}__pk__in": ids})
        else:
            condition = _generic_filter(edge, edge.child, ids, types)
        if condition is not None:
            found.update(edge.child._base_manager.filter(condition).values_list("pk", flat=True))
    return found


def _historical_children(edge: _Edge, parents: set[Any], types: _ContentTypes) -> set[Any]:
    """Ids of child rows whose history once pointed at one of ``parents`` (deleted ones too)."""
    history = _history_model(edge.child)
    if history is None:
        return set()
    found: set[Any] = set()
    pk_name = edge.child._meta.pk.name
    if edge.ct_field is None:
        field = edge.child._meta.get_field(edge.field)
        if not field.target_field.primary_key:  # type: ignore[union-attr]
            return set()  # a history row holds the target's value, not its id: live rows cover it
    for ids in _chunks(parents):
        if edge.ct_field is None:
            condition: Q | None = Q(**{f"{field.attname}__in": ids})
        else:
            condition = _generic_filter(edge, history, ids, types)
        if condition is not None:
            found.update(history._base_manager.filter(condition).values_list(pk_name, flat=True))
    return found


def _propagate(
    graph: _Graph, root_pk: Any, step: Callable[[_Edge, set[Any]], set[Any]]
) -> dict[type[Model], set[Any]]:
    """From the root row along every edge until nothing new turns up (cycles included)."""
    rows: dict[type[Model], set[Any]] = defaultdict(set)
    rows[graph.root].add(root_pk)
    frontier: dict[type[Model], set[Any]] = {graph.root: {root_pk}}
    while frontier:
        following: dict[type[Model], set[Any]] = defaultdict(set)
        for parent in sorted(frontier, key=lambda m: m._meta.label):
            for edge in graph.edges[parent]:
                new = step(edge, frontier[parent]) - rows[edge.child]
                if new:
                    rows[edge.child] |= new
                    following[edge.child] |= new
        frontier = following
    return rows


# --- values ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


class _References:
    """How a foreign key is written: a user by user name, a knowledge entry by slug, a content type
    as ``app_label.model``, anything else by primary key. Looked up once per export."""

    def __init__(self) -> None:
        self._labels: dict[tuple[type[Model], Any], Any] = {}
        self._user_model = get_user_model()

    def label(self, model: type[Model], value: Any) -> Any:
        key = (model, value)
        if key not in self._labels:
            self._labels[key] = self._look_up(model, value)
        return self._labels[key]

    def _look_up(self, model: type[Model], value: Any) -> Any:
        rows = model._base_manager.filter(pk=value)
        if model is self._user_model:
            name = rows.values_list(model.USERNAME_FIELD, flat=True).first()  # type: ignore[attr-defined]
        elif _is_knowledge(model) and any(f.name == "slug" for f in model._meta.concrete_fields):
            name = rows.values_list("slug", flat=True).first()
        elif model._meta.label == "contenttypes.ContentType":
            found = rows.values_list("app_label", "model").first()
            name = ".".join(found) if found else None
        else:
            return _plain(value)
        return name if name is not None else _plain(value)  # a history row may outlive its target


def _field_value(field: Field, row: Model, references: _References) -> Any:
    value = getattr(row, field.attname)
    if value is not None and field.is_relation and (field.many_to_one or field.one_to_one):
        target = field.related_model
        if field.target_field.primary_key:  # type: ignore[union-attr]
            return references.label(target, value)  # type: ignore[arg-type]
    return _plain(value)


def _rows(model: type[Model], ids: set[Any], references: _References, id_field: str = "pk") -> list[dict]:
    """Every concrete field of every row, by primary key (a change's when, what and who first)."""
    fields = sorted(model._meta.concrete_fields, key=lambda field: not field.name.startswith("history_"))
    found: list[Model] = []
    for chunk in _chunks(ids):
        found += model._base_manager.filter(**{f"{id_field}__in": chunk})
    found.sort(key=lambda row: row.pk)
    return [{field.name: _field_value(field, row, references) for field in fields} for row in found]


# --- the export -----------------------------------------------------------------------------------


def client_export(client: Client) -> dict:
    """Everything stored about ``client``: the record, every related row and every change."""
    graph = _graph(Client)
    types = _ContentTypes()
    references = _References()
    live = _propagate(graph, client.pk, lambda edge, parents: _live_children(edge, parents, types))

    def ever_step(edge: _Edge, parents: set[Any]) -> set[Any]:
        return _live_children(edge, parents, types) | _historical_children(edge, parents, types)

    ever = _propagate(graph, client.pk, ever_step)
    (client_row,) = _rows(Client, {client.pk}, references)
    related = {model._meta.label: _rows(model, live[model], references) for model in graph.models}
    history = {}
    for model in (Client, *graph.models):
        history_model = _history_model(model)
        if history_model is not None:
            history[model._meta.label] = _rows(history_model, ever[model], references, model._meta.pk.name)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "client": client_row,
        "related": related,
        "history": history,
    }


def client_export_json(client: Client) -> str:
    return json.dumps(client_export(client), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


# --- the PDF --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _lines(row: dict) -> str:
    """A row as "field: value" lines, escaped for reportlab's mini-markup."""
    return "<br/>".join(
        escape(f"{name}: {_text(value)}").replace("\n", "<br/>") for name, value in row.items()
    )


def _model_heading(label: str, *, plural: bool = True) -> str:
    meta = global_apps.get_model(label)._meta
    return f"{capfirst(str(meta.verbose_name_plural if plural else meta.verbose_name))} ({label})"


def client_export_pdf(client: Client, language: str) -> bytes:
    """The same data as ``client_export`` on A4: the record, then one section per kind of row.
    ``language`` ("de" or "en"; anything else falls back to English) only changes the headings."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph

    from triggerfinder.handout.document import a4_pdf
    from triggerfinder.handout.styles import FONT, FONT_BOLD, register_fonts

    register_fonts()
    data = client_export(client)
    ink, accent = colors.HexColor("#1f2933"), colors.HexColor("#0b5cab")
    body = ParagraphStyle("export-body", fontName=FONT, fontSize=8, leading=10.5, textColor=ink)
    row_style = ParagraphStyle("export-row", parent=body, leftIndent=6, spaceAfter=6)
    title = ParagraphStyle("export-title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19)
    h2 = ParagraphStyle(
        "export-h2", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
    )
    h3 = ParagraphStyle("export-h3", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, spaceBefore=5)
    title.textColor = h2.textColor = accent
    full_name = f"{data['client']['first_name']} {data['client']['last_name']}".strip()

    with translation.override(language if language in LANGUAGES else "en"):
        exported = timezone.localtime(datetime.datetime.fromisoformat(data["exported_at"]))
        story: list[Any] = [
            Paragraph(escape(gettext("Everything stored about %(name)s") % {"name": full_name}), title),
            Paragraph(escape(gettext("Exported at %(when)s") % {"when": f"{exported:%Y-%m-%d %H:%M}"}), body),
            Paragraph(escape(_model_heading(Client._meta.label, plural=False)), h2),
            Paragraph(_lines(data["client"]), row_style),
        ]
        none = escape(gettext("No entries."))
        for label, rows in data["related"].items():
            story.append(Paragraph(escape(f"{_model_heading(label)} · {len(rows)}"), h2))
            story += [KeepTogether(Paragraph(_lines(row), row_style)) for row in rows] or [
                Paragraph(none, body)
            ]
        story.append(Paragraph(escape(gettext("Change history")), h2))
        for label, rows in data["history"].items():
            story.append(Paragraph(escape(f"{_model_heading(label)} · {len(rows)}"), h3))
            story += [KeepTogether(Paragraph(_lines(row), row_style)) for row in rows] or [
                Paragraph(none, body)
            ]
        page = gettext("Page")

    return a4_pdf(
        story,
        title=full_name,
        language=language if language in LANGUAGES else "en",
        footer_left=full_name,
        page_label=page,
    )
