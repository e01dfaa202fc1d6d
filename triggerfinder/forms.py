from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from triggerfinder.models import Client
from triggerfinder.roles import can_see_all_clients


def therapist_choices() -> Any:
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(Q(groups__permissions__codename="view_client") | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "preferred_language",
            "email",
            "phone",
            "address",
            "therapist",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autofocus"] = True
        if can_see_all_clients(user):
            self.fields["therapist"].queryset = therapist_choices()
        else:
            # A therapist records their own clients; only a practice lead hands clients over.
            del self.fields["therapist"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-6"),
                Column("preferred_language", css_class="col-md-6"),
            ),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            "address",
            *(["therapist"] if "therapist" in self.fields else []),
            Submit("save", _("Save")),
        )


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search clients"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )


class RegionChoiceField(forms.MultipleChoiceField):
    def to_python(self, value: Any) -> list[str]:
        # Empty values mean "nothing chosen"; error messages quote the value, and absurd input must
        # not come back a megabyte long.
        return [item[:60] for item in super().to_python(value) if item.strip()]


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

    def __init__(self, *args: Any, snapshot: Any, max_regions: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_regions = max_regions
        self.fields["region"].choices = [(slug, region.name.de) for slug, region in snapshot.regions.items()]

    def clean_region(self) -> list[str]:
        regions = self.cleaned_data["region"]
        if len(regions) > self.max_regions:
            raise forms.ValidationError(
                _("Choose at most %(max)d regions."), code="too_many", params={"max": self.max_regions}
            )
        return regions
