"""Types the app's layers share, for the type checker.

``User`` is the account a view, service or selector acts for. The app runs with any user model a
host swaps in, as long as it has Django's permissions and groups (``AbstractUser`` or a model built
from ``AbstractBaseUser`` and ``PermissionsMixin``). For the type checker it is the model its
settings (``tests.settings``) configure, Django's own ``User``: django-stubs types every foreign
key to ``AUTH_USER_MODEL`` as that model, so only it can be assigned to one (an ``AbstractUser``
cannot). The annotations are never evaluated at run time, where any such model works.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import User as ConfiguredUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

User: TypeAlias = ConfiguredUser


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its ``user`` is a logged-in account."""

    user: User
    htmx: HtmxDetails  # django-htmx's middleware (a required app, ``checks``)
