"""What the app's admin pages share: history with optimistic locking (``VersionedAdmin``), the
clients a user may see, read-only pages, and the security event for a probed record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from triggerfinder.forms.versioning import VersionedModelForm
from triggerfinder.models import (
    Client,
    SecurityEvent,
)
from triggerfinder.security import audit
from triggerfinder.security.roles import KNOWLEDGE_MODELS, client_visibility


class VersionedAdminForm(VersionedModelForm):
    detailed_errors = True  # the admin lists errors as text: name every field that differs


def model_fields(
    admin_: admin.options.BaseModelAdmin[Any], request: HttpRequest, obj: Model | None
) -> list[str]:
    """The layout's fields without ``version``: it is a declared form field, and Django's form
    factory refuses to build one for a non-editable model field."""
    return [name for name in flatten_fieldsets(admin_.get_fieldsets(request, obj)) if name != "version"]


class VersionedAdmin(SimpleHistoryAdmin):
    """History plus optimistic locking: a save based on an outdated version is refused with the
    saved values listed, and the form keeps what was typed (see ``triggerfinder.forms.versioning``)."""

    form = VersionedAdminForm

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        fields = kwargs["fields"] if "fields" in kwargs else model_fields(self, request, obj)
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(
        self, request: HttpRequest, obj: Model | None = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        fieldsets = super().get_fieldsets(request, obj)
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *fieldsets[1:]]

    def get_deleted_objects(
        self, objs: Sequence[Model] | QuerySet[Model], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
        """The stock confirmation lists every record that keeps an entry from being deleted, with
        its name and id: for an entry that client records use, an intake or a finding with the
        client's name, which a knowledge editor must not see. Those are named by kind only."""
        to_delete, model_count, _perms, _protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(list(objs))
        # Only what would be deleted needs a permission; the stock page also asks it of the
        # protected records, and then says "no permission" where it should say "in use".
        # django-stubs keys model_objs by str; Django keys it by the model class.
        by_model: dict[type[Model], set[Model]] = collector.model_objs  # type: ignore[assignment]
        perms_needed = {
            str(model._meta.verbose_name)
            for model, deleted in by_model.items()
            if self.admin_site.is_registered(model)
            and not all(
                self.admin_site.get_model_admin(model).has_delete_permission(request, o) for o in deleted
            )
        }
        protected: list[str] = []
        client_record_kinds: set[str] = set()
        for obj in collector.protected:
            if obj._meta.model_name in KNOWLEDGE_MODELS:
                protected.append(f"{capfirst(obj._meta.verbose_name)}: {obj}")
            else:
                client_record_kinds.add(str(obj._meta.verbose_name_plural))
        protected += [
            gettext("Client records: %(records)s (not listed one by one)") % {"records": kind}
            for kind in sorted(client_record_kinds)
        ]
        return to_delete, model_count, perms_needed, protected


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]  # what the mixin is mixed into
else:
    _ModelAdmin = object


class VisibleClientsMixin(_ModelAdmin):
    """Staff see in the admin only the clients their role lets them see in the app."""

    client_path = "client"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = Client.objects.filter(client_visibility(request.user))
        lookup = "pk__in" if self.client_path == "pk" else f"{self.client_path}__in"
        return super().get_queryset(request).filter(**{lookup: visible})


class ReadOnlyMixin:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def record_probe_if_hidden(request: HttpRequest, model: type[Model], object_id: str) -> None:
    """A security event when a record the user's admin pages do not show exists all the same
    (nothing of the record goes into the event)."""
    try:
        hidden = model._base_manager.filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        hidden = False
    if hidden:
        audit.record_event(SecurityEvent.Kind.PROBE, request=request, user=request.user)
