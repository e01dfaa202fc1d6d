from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from triggerfinder.conf import conf
from triggerfinder.models import SecurityEvent
from triggerfinder.security import second_factor
from triggerfinder.security.audit import record_event
from triggerfinder.security.session_age import LOGIN_AT


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


# Pages an unverified session may still reach, besides the public ones (login_not_required): the
# way out, and the admin's log-out for the same reason.
SECOND_FACTOR_EXEMPT_URL_NAMES = frozenset({"logout", "admin:logout"})


def second_factor_exempt(view: Any) -> Any:
    """Mark a view an unverified session may reach: the enrolment and verification pages."""
    view.second_factor_exempt = True
    return view


class SecondFactorMiddleware:
    """A logged-in user who has not given a one-time code reaches only the public pages, log-in and
    log-out, and the pages that ask for the code (security checklist A4).

    Deny by default, like LoginRequiredMiddleware: a new page is closed until marked. Placed after
    django-otp's OTPMiddleware, which sets ``request.user.is_verified``. The setting is read per
    request (``conf.REQUIRE_SECOND_FACTOR``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        user = request.user
        # The exempt pages first: the way out and the code pages never depend on the device.
        if not user.is_authenticated or _reachable_unverified(request, view_func):
            return None
        if not second_factor.is_required() or second_factor.is_verified(user):
            return None
        return redirect(_second_factor_url(request, enrolled=second_factor.is_enrolled(user)))


def _reachable_unverified(request: HttpRequest, view_func: Any) -> bool:
    public = getattr(view_func, "login_required", True) is False
    name = request.resolver_match.view_name if request.resolver_match else ""
    return (
        public or getattr(view_func, "second_factor_exempt", False) or name in SECOND_FACTOR_EXEMPT_URL_NAMES
    )


def _second_factor_url(request: HttpRequest, *, enrolled: bool) -> str:
    """The verification page for the enrolled, enrolment for the rest; back here afterwards."""
    url = reverse("triggerfinder:second-factor-verify" if enrolled else "triggerfinder:second-factor-setup")
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


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
            record_event(SecurityEvent.Kind.DENIED, request=request, user=request.user)
        return None
