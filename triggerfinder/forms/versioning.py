"""Edit conflicts as the user sees them: a form carries the version it was opened at, and when
someone else saved in between, the form says who and when, shows the saved values beside the
typed ones, and keeps everything typed. The rule itself lives in ``models.versioning``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from triggerfinder.models import EditConflict, Versioned

if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object

__all__ = ["Conflict", "ConflictRow", "EditConflict", "VersionedFormMixin", "VersionedModelForm"]


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str


@dataclass(frozen=True)
class Conflict:
    saved_by: str
    saved_at: datetime.datetime | None
    rows: tuple[ConflictRow, ...]

    def messages(self) -> list[str]:
        """The conflict as plain sentences, for places that show only a list of errors (the admin);
        the app's pages show the rows as a table (``includes/conflict.html``)."""
        return [
            self.headline(),
            *(
                _("%(field)s, saved: %(saved)s") % {"field": row.label, "saved": row.saved}
                for row in self.rows
            ),
        ]

    def headline(self) -> str:
        when = (
            formats.date_format(timezone.localtime(self.saved_at), "SHORT_DATETIME_FORMAT")
            if self.saved_at
            else "?"
        )
        return _(
            "%(user)s saved this entry at %(when)s while you were editing it. Nothing of yours was "
            "saved. Compare the saved values with yours; save again to replace them with yours."
        ) % {"user": self.saved_by, "when": when}


def _display(field: models.Field | None, value: Any) -> str:
    if isinstance(value, models.QuerySet | list | tuple | set):
        value = ", ".join(sorted(str(item) for item in value))
    if field is not None and field.choices and isinstance(value, str | int):
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date | datetime.time):
        return formats.localize(value)
    return str(value)


def _comparable(value: Any) -> Any:
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def describe(form: forms.BaseForm, saved: Versioned) -> Conflict:
    """Who saved, when, and every field of the form whose saved value differs from the typed one."""
    history: models.Manager[Any] = saved.history  # type: ignore[attr-defined]  # simple_history adds it
    last = history.order_by("-history_date").select_related("history_user").first()
    user = getattr(last, "history_user", None)
    saved_by = (user.get_full_name() or user.get_username()) if user else _("Someone")
    rows = []
    opts = saved._meta
    for name, bound in form.fields.items():
        if name == "version" or not hasattr(form, "cleaned_data") or name not in form.cleaned_data:
            continue
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, models.Field):
            continue  # a reverse relation or a generic key: no form field edits one
        saved_value = getattr(saved, name)
        if field.many_to_many:
            saved_value = list(saved_value.all())
        typed = form.cleaned_data[name]
        if _comparable(typed) != _comparable(saved_value):
            rows.append(
                ConflictRow(str(bound.label or name), _display(field, typed), _display(field, saved_value))
            )
    return Conflict(saved_by=saved_by, saved_at=getattr(last, "history_date", None), rows=tuple(rows))


class VersionedFormMixin(_Form):
    """A hidden ``version`` field holding the version the form was opened at.

    ``versioned`` names the row the form edits (default: a ModelForm's instance); ``fresh`` says it
    was read in this request, so its version is current and needs no query of its own (a page that
    lists many rows with a form each stays at one query). ``clean`` refuses
    a stale version with a conflict; a view that hits :class:`EditConflict` on saving (the row
    changed between clean and save) calls :meth:`add_conflict` to show the same.
    """

    detailed_errors = False  # True: every differing field becomes an error line, too

    def __init__(
        self, *args: Any, versioned: Versioned | None = None, fresh: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        self.conflict: Conflict | None = None
        current = None
        if fresh and self.versioned is not None:
            current = self.versioned.version
        elif self.versioned is not None and self.versioned.pk is not None:
            # Read from the database: the admin's revert view edits an old copy of the row.
            current = (
                type(self.versioned)
                ._base_manager.filter(pk=self.versioned.pk)
                .values_list("version", flat=True)
                .first()
            )
        # A new row has nothing to conflict with: the field stays (the admin's inline rows share
        # one layout) but is optional and never reaches cleaned_data.
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, initial=current, required=current is not None
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        target, version = self.versioned, cleaned.get("version")
        if target is None or target.pk is None:
            cleaned.pop("version", None)
            return cleaned
        if version is None:
            return cleaned
        rows = type(target)._base_manager.filter(pk=target.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()  # the admin saves in this transaction: hold the row
        saved = rows.first()
        if saved is not None and saved.version != version:
            self.add_conflict(EditConflict(saved))
        else:
            target.version = version
        return cleaned

    def add_conflict(self, error: EditConflict) -> None:
        saved = type(error.instance)._base_manager.get(pk=error.instance.pk)
        assert isinstance(saved, Versioned)  # only a versioned row raises EditConflict
        self.conflict = describe(self, saved)
        for message in self.conflict.messages() if self.detailed_errors else [self.conflict.headline()]:
            self.add_error(None, message)
        # The next save is a deliberate overwrite by someone who has now seen both versions.
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = str(saved.version)
        self.data = data


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    # Declared so that form factories (the admin's) accept "version" in their field lists; the
    # mixin replaces it per instance.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
