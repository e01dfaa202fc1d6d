"""Fields and field names several forms share, and the parsing of an id from a query parameter."""

from __future__ import annotations

from typing import Any

from django import forms


class RegionChoiceField(forms.MultipleChoiceField):
    def to_python(self, value: Any) -> list[str]:
        # Empty values mean "nothing chosen"; error messages quote the value, and absurd input must
        # not come back a megabyte long.
        return [item[:60] for item in super().to_python(value) if item.strip()]


def parse_id(value: str) -> int | None:
    """A database id from a query parameter: ASCII digits only ("²".isdigit() is True), not absurdly long."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def intensity_field(slug: str) -> str:
    return f"intensity-{slug}"
