from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


def practice_view(permission: str, methods: Sequence[str] = ("GET",)) -> Callable[[Any], Any]:
    """A page with client data: log-in, the app permission, the allowed methods, never cached.

    Log-in is checked here too, so the app stays closed in a host project without
    LoginRequiredMiddleware; a missing permission is a 403, a missing log-in a redirect.
    """

    def decorate(view: Any) -> Any:
        view = require_http_methods(list(methods))(view)
        view = permission_required(f"triggerfinder.{permission}", raise_exception=True)(view)
        return never_cache(login_required(view))

    return decorate
