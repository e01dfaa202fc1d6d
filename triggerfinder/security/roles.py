"""The app's roles as Django groups, and who may see which client.

Roles are data (group → permissions) so a practice admin can read them in the admin; the app
only adds missing permissions and never removes what an admin granted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_noop

from triggerfinder.types import User

THERAPIST = gettext_noop("Therapist")
PRACTICE_LEAD = gettext_noop("Practice lead")
KNOWLEDGE_EDITOR = gettext_noop("Knowledge editor")

KNOWLEDGE_MODELS = [
    "bodyregion",
    "muscle",
    "referral",
    "stretch",
    "contraindication",
    "perpetuatingfactor",
    "escalationrule",
]

_CLIENT_PERMS = ["view_client", "add_client", "change_client"]
# The appointment book's settings, edited by the practice lead in the admin (the user also needs
# "staff status"); appointments are only viewed there, every change goes through the app.
BOOK_SETTINGS_MODELS = ["workinghours", "absence", "closingday", "room"]
_BOOK_ADMIN_PERMS = [
    *(
        f"{action}_{model}"
        for model in BOOK_SETTINGS_MODELS
        for action in ("view", "add", "change", "delete")
    ),
    "view_appointment",
]
# The practice's messages to clients: its settings page and the messages that could not be sent.
_MESSAGE_PERMS = ["view_messagesettings", "change_messagesettings", "view_outgoingmessage"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    THERAPIST: _CLIENT_PERMS,
    PRACTICE_LEAD: [*_CLIENT_PERMS, "view_all_clients", "delete_client", *_BOOK_ADMIN_PERMS, *_MESSAGE_PERMS],
    # Edits the knowledge base in the admin (the user also needs "staff status"); no client data.
    KNOWLEDGE_EDITOR: [
        f"{action}_{model}" for model in KNOWLEDGE_MODELS for action in ("view", "add", "change", "delete")
    ],
}


def ensure_roles() -> dict[str, Group]:
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="triggerfinder", codename__in=codenames)
        group.permissions.add(*perms)
        groups[name] = group
    return groups


def ensure_roles_after_migrate(**kwargs: Any) -> None:
    ensure_roles()


def can_see_all_clients(user: User | AnonymousUser) -> bool:
    return user.has_perm("triggerfinder.view_all_clients")


def client_visibility(user: User | AnonymousUser) -> Q:
    """A filter on Client for the clients this user may see: their own, or all for a lead."""
    if not user.is_authenticated or not user.has_perm("triggerfinder.view_client"):
        return Q(pk__in=[])
    if can_see_all_clients(user):
        return Q()
    return Q(therapist=user)
