"""The finder's query (the public page and the JSON API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from triggerfinder.core.knowledge import KnowledgeSnapshot
from triggerfinder.forms.fields import RegionChoiceField, field_of


class FinderForm(forms.Form):
    """The finder's query: which regions hurt, and in which language to answer."""

    region = RegionChoiceField(
        label=_("Where do you feel pain?"),
        error_messages={
            "required": _("Choose at least one region, for example region=lower-back."),
            "invalid_choice": _("Unknown region “%(value)s”."),
        },
    )
    lang = forms.ChoiceField(
        required=False,
        choices=[("de", "de"), ("en", "en")],
        error_messages={"invalid_choice": _("Unknown language “%(value)s”; use de or en.")},
    )

    def __init__(self, *args: Any, snapshot: KnowledgeSnapshot, max_regions: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_regions = max_regions
        field_of(self, "region", RegionChoiceField).choices = [
            (slug, region.name.de) for slug, region in snapshot.regions.items()
        ]

    def clean_region(self) -> list[str]:
        regions = self.cleaned_data["region"]
        if len(regions) > self.max_regions:
            raise forms.ValidationError(
                _("Choose at most %(max)d regions."), code="too_many", params={"max": self.max_regions}
            )
        return regions
