from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from triggerfinder.conf import conf

LOGIN_AT = "triggerfinder_login_at"


class SessionTimeoutMiddleware:
    """End a session a fixed time after log-in, however active it is (checklist A6: 12 hours).

    The idle time-out is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, time.time())
            if time.time() - started > conf.SESSION_MAX_SECONDS:
                logout(request)
                return redirect(f"{_login_url()}?next={request.path}")
        return self.get_response(request)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


class SecurityEventMiddleware:
    """Record every denial (a PermissionDenied raised by a view) as a security event."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, PermissionDenied):
            from triggerfinder.audit import record_event
            from triggerfinder.models import SecurityEvent

            record_event(SecurityEvent.Kind.DENIED, request=request, user=request.user)
        return None
