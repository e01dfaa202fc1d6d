"""Everything stored about one client as JSON (Art. 15 and 20 GDPR): the record, every related
row and every change, as ``records`` finds them.

Foreign keys to users are written as user names, to knowledge entries as slugs, to content types
as ``app_label.model``, to anything else as the primary key.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field, Model
from django.db.models.fields.files import FieldFile
from django.db.models.fields.related import RelatedField
from django.utils import timezone
from django.utils.duration import duration_iso_string

from triggerfinder.models import Client
from triggerfinder.services.privacy.records import chunks, client_records, history_model, is_knowledge

FORMAT = "triggerfinder-client-export"
VERSION = 1


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
        elif is_knowledge(model) and any(f.name == "slug" for f in model._meta.concrete_fields):
            name = rows.values_list("slug", flat=True).first()
        elif model._meta.label == "contenttypes.ContentType":
            found = rows.values_list("app_label", "model").first()
            name = ".".join(found) if found else None
        else:
            return _plain(value)
        return name if name is not None else _plain(value)  # a history row may outlive its target


def _field_value(field: Field, row: Model, references: _References) -> Any:
    value = getattr(row, field.attname)
    if value is not None and isinstance(field, RelatedField) and (field.many_to_one or field.one_to_one):
        target = field.related_model
        if isinstance(target, type) and field.target_field.primary_key:
            return references.label(target, value)
    return _plain(value)


def _rows(
    model: type[Model], ids: Iterable[Any], references: _References, id_field: str = "pk"
) -> list[dict[str, Any]]:
    """Every concrete field of every row, by primary key (a change's when, what and who first)."""
    fields = sorted(model._meta.concrete_fields, key=lambda field: not field.name.startswith("history_"))
    found: list[Model] = []
    for chunk in chunks(ids):
        found += model._base_manager.filter(**{f"{id_field}__in": chunk})
    found.sort(key=lambda row: row.pk)
    return [{field.name: _field_value(field, row, references) for field in fields} for row in found]


# --- the export -----------------------------------------------------------------------------------


def client_export(client: Client) -> dict[str, Any]:
    """Everything stored about ``client``: the record, every related row and every change."""
    found = client_records(client)
    references = _References()
    (client_row,) = _rows(Client, {client.pk}, references)
    related_models = sorted((m for m in found.models if m is not Client), key=lambda m: m._meta.label)
    related = {model._meta.label: _rows(model, found.live[model], references) for model in related_models}
    history = {}
    every: list[type[Model]] = [Client, *related_models]
    for model in every:
        history_of = history_model(model)
        if history_of is not None:
            history[model._meta.label] = _rows(history_of, found.ever[model], references, model._meta.pk.name)
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
