"""Fields and field names several forms share, and the parsing of an id from a query parameter."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms

from triggerfinder.core.bounds import Bound

FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's own copy of one of its fields, as the kind of field it is (``form.fields`` holds
    them as plain ``Field``): to set a choice field's choices, say, per request."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class RegionChoiceField(forms.MultipleChoiceField):
    def to_python(self, value: Any) -> list[str]:
        # Empty values mean "nothing chosen"; error messages quote the value, and absurd input must
        # not come back a megabyte long.
        return [item[:60] for item in super().to_python(value) if item.strip()]


def bounded_integer_field(bound: Bound, **kwargs: Any) -> forms.IntegerField:
    """A whole number within one of the core's bounds; the number input gets the same min and max
    (Django adds them from ``min_value`` and ``max_value``)."""
    return forms.IntegerField(min_value=bound.low, max_value=bound.high, **kwargs)


def parse_id(value: str) -> int | None:
    """A database id from a query parameter: ASCII digits only ("²".isdigit() is True), not absurdly long."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def intensity_field(slug: str) -> str:
    return f"intensity-{slug}"
