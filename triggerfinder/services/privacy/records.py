"""A client's records: the one definition of which rows belong to a client, for the export and the purge.

Complete by construction: nothing here lists the client's models. The walk goes through the model
graph from ``Client`` along every reverse one-to-many and one-to-one relation, recursively,
*including hidden ones* (``related_name="+"``, which ``_meta.related_objects`` leaves out, e.g.
``IntakeFactor``), plus every generic reference (a ``GenericForeignKey``, and the admin's
``LogEntry``, whose ``object_repr`` holds the client's name). A model added later with a foreign key
to the client or to any of their records is covered without a change here.

Left out of the walk: the historical models (their rows are each record's change history) and the
knowledge base, which rows reference by slug.

A record's change history includes the history of rows that no longer exist (a rescheduled plan
deletes its old dates; the history keeps them): a historical row belongs to the client when its
record did, or when it pointed at a record that did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps.registry import Apps
from django.db.models import Field, ForeignObjectRel, Model, Q
from django.db.models.fields.related import RelatedField
from simple_history.models import HistoricalChanges

from triggerfinder.models import Client, contraindications, knowledge

CHUNK = 500  # ids per IN (...) query: far below every database's limit on parameters


# --- the model graph ----------------------------------------------------------------------------


def is_historical(model: type[Model]) -> bool:
    """django-simple-history's own models (also the m2m history models)."""
    return issubclass(model, HistoricalChanges)


def is_knowledge(model: type[Model]) -> bool:
    return model.__module__ in (knowledge.__name__, contraindications.__name__)


def history_model(model: type[Model]) -> type[Model] | None:
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


def _generic_holders(registry: Apps) -> list[tuple[type[Model], str, str]]:
    """Models that point at any row by content type and object id: (model, ct field, id field)."""
    holders: list[tuple[type[Model], str, str]] = []
    if registry.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.fields import GenericForeignKey

        for model in registry.get_models():
            if is_historical(model) or is_knowledge(model) or model._meta.proxy:
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
        if not isinstance(child, type) or is_historical(child) or is_knowledge(child):
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
    """Every model the walk reaches from ``model`` (``model`` itself not included)."""
    return set(_graph(model).models)


# --- which rows -----------------------------------------------------------------------------------


def chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
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


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    """A concrete field of ``model`` (an edge's foreign key, object id or content type)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model._meta.label}.{name} is not a concrete field")
    return field


def _generic_filter(edge: _Edge, model: type[Model], ids: list[Any], types: _ContentTypes) -> Q | None:
    content_type = types.id_for(edge.parent)
    if content_type is None:
        return None
    if edge.ct_field is None:
        return None
    id_field = _field(model, edge.field)
    object_ids = [id_field.to_python(pk) for pk in ids]
    ct_attname = _field(model, edge.ct_field).attname
    return Q(**{ct_attname: content_type, f"{edge.field}__in": object_ids})


def _live_children(edge: _Edge, parents: set[Any], types: _ContentTypes) -> set[Any]:
    found: set[Any] = set()
    for ids in chunks(parents):
        if edge.ct_field is None:
            condition: Q | None = Q(**{f"{edge.field}__pk__in": ids})
        else:
            condition = _generic_filter(edge, edge.child, ids, types)
        if condition is not None:
            found.update(edge.child._base_manager.filter(condition).values_list("pk", flat=True))
    return found


def _historical_children(edge: _Edge, parents: set[Any], types: _ContentTypes) -> set[Any]:
    """Ids of child rows whose history once pointed at one of ``parents`` (deleted ones too)."""
    history = history_model(edge.child)
    if history is None:
        return set()
    found: set[Any] = set()
    pk_name = edge.child._meta.pk.name
    if edge.ct_field is None:
        field = _field(edge.child, edge.field)
        if not isinstance(field, RelatedField) or not field.target_field.primary_key:
            return set()  # a history row holds the target's value, not its id: live rows cover it
    for ids in chunks(parents):
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


# --- the one definition ---------------------------------------------------------------------------


def deletion_order(graph: _Graph) -> tuple[type[Model], ...]:
    """The root and every model of the graph, each after all the models that point at it (children
    before parents), so that deleting in this order no PROTECT stops; ties by label."""
    children = {
        model: {edge.child for edge in edges if edge.child is not model}
        for model, edges in graph.edges.items()
    }
    placed: list[type[Model]] = []
    waiting = sorted(children, key=lambda m: m._meta.label)
    while waiting:
        ready = [model for model in waiting if children[model] <= set(placed)]
        if not ready:  # a cycle of foreign keys: no order deletes it without a cascade
            ready = waiting[:1]
        placed += ready
        waiting = [model for model in waiting if model not in ready]
    return tuple(placed)


@dataclass(frozen=True)
class ClientRecords:
    """Every row that belongs to one client, found from the model graph.

    ``live``: model -> primary keys of its rows that belong to the client now (``Client`` itself
    included). ``ever``: model -> primary keys whose change history belongs to the client, rows
    deleted since included (a superset of ``live``). ``models``: ``Client`` and every model the walk
    reaches, children before parents.
    """

    client_pk: Any
    models: tuple[type[Model], ...]
    live: dict[type[Model], frozenset[Any]]
    ever: dict[type[Model], frozenset[Any]]

    def history(self) -> list[tuple[type[Model], type[Model], frozenset[Any]]]:
        """(model, its history model, the record ids whose history belongs to the client)."""
        found = []
        for model in self.models:
            history = history_model(model)
            if history is not None:
                found.append((model, history, self.ever[model]))
        return found


def client_records(client: Client) -> ClientRecords:
    """Which rows and which history rows belong to ``client``."""
    graph = _graph(Client)
    types = _ContentTypes()
    live = _propagate(graph, client.pk, lambda edge, parents: _live_children(edge, parents, types))

    def ever_step(edge: _Edge, parents: set[Any]) -> set[Any]:
        return _live_children(edge, parents, types) | _historical_children(edge, parents, types)

    ever = _propagate(graph, client.pk, ever_step)
    models = deletion_order(graph)
    return ClientRecords(
        client_pk=client.pk,
        models=models,
        live={model: frozenset(live[model]) for model in models},
        ever={model: frozenset(ever[model] | live[model]) for model in models},
    )
