from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from triggerfinder.models import SecurityEvent
from triggerfinder.security import audit
from triggerfinder.selectors.clients import HiddenRecordError
from triggerfinder.services.guards import ClientLockedError


def practice_view(
    permission: str | Sequence[str], methods: Sequence[str] = ("GET", "HEAD")
) -> Callable[[Any], Any]:
    """A page with client data: log-in, the app permission, the allowed methods, never cached.

    Log-in is checked here too, so the app stays closed in a host project without
    LoginRequiredMiddleware; a missing permission is a 403, a missing log-in a redirect.
    """

    def decorate(view: Any) -> Any:
        view = _locked_client_message(view)
        view = require_http_methods(list(methods))(view)
        names = [permission] if isinstance(permission, str) else list(permission)
        view = permission_required([f"triggerfinder.{name}" for name in names], raise_exception=True)(view)
        return never_cache(login_required(view))

    return decorate


def _locked_client_message(view: Any) -> Any:
    """A change to a restricted client, or one who withdrew consent, ends in a message, not a 500.

    A record that exists but is not the user's is a 404 like a missing one, and a security event
    (kind, user, path with ids only; nothing of the record)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except HiddenRecordError:
            audit.record_event(SecurityEvent.Kind.PROBE, request=request, user=request.user)
            raise Http404 from None
        except ClientLockedError as locked:
            messages.error(
                request,
                _("This record is restricted or the client withdrew consent: nothing new can be recorded."),
            )
            return redirect(locked.client)

    return wrapped
