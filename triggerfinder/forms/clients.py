"""The client's record and the client list's search."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from triggerfinder.forms.fields import field_of
from triggerfinder.forms.versioning import VersionedModelForm
from triggerfinder.models import Client
from triggerfinder.security.roles import can_see_all_clients
from triggerfinder.types import User


def therapist_choices() -> QuerySet[User]:
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(Q(groups__permissions__codename="view_client") | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ClientForm(VersionedModelForm):
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

    def __init__(self, *args: Any, user: User, embedded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autofocus"] = True
        self.embedded = embedded  # part of a larger page (the intake): no form tag, no button
        if can_see_all_clients(user):
            field_of(self, "therapist", forms.ModelChoiceField).queryset = therapist_choices()
        else:
            # A therapist records their own clients; only a practice lead hands clients over.
            del self.fields["therapist"]
        self.helper = FormHelper()
        self.helper.form_tag = not embedded
        self.helper.disable_csrf = embedded
        self.helper.layout = Layout(
            Row(Column("first_name", css_class="col-md-6"), Column("last_name", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-6"),
                Column("preferred_language", css_class="col-md-6"),
            ),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            "address",
            *(["therapist"] if "therapist" in self.fields else []),
            "version",
            *([] if embedded else [Submit("save", _("Save"))]),
        )


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search clients"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )
