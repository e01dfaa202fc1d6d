"""Types the app's layers share, for the type checker.

``User`` is the account a view, service or selector acts for. The app runs with any user model a
host swaps in, as long as it has Django's permissions and groups (``AbstractUser`` or a model built
from ``AbstractBaseUser`` and ``PermissionsMixin``); for the type checker that is ``AbstractUser``.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractUser
from django.http import HttpRequest

User: TypeAlias = AbstractUser


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its ``user`` is a logged-in account."""

    user: User  # type: ignore[assignment]
