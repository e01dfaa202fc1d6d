"""The host project's guards in front of every view: request size and the log-in throttle."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]

LOGIN_FAILURES = "clinic.login-failures"


class RequestSizeLimitMiddleware:
    """Refuse a body larger than MAX_REQUEST_BYTES with 413, before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts form fields, not files: an anonymous 60 MB
    multipart POST would be spooled to a temporary file before any view could refuse it. The
    declared Content-Length is checked here; a body without one is not read by Django at all.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.MAX_REQUEST_BYTES:
            with translation.override(_language_of_path(request)):
                message = _("The request is too large.")
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # Django reads no body for a malformed length either


def _language_of_path(request: HttpRequest) -> str:
    # Before LocaleMiddleware: the URL's language prefix, as LocaleMiddleware would choose it.
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


class LoginThrottleMiddleware:
    """Failed log-ins per address: over the limit, a log-in POST is a 429 before the form runs.

    A failed log-in costs a full password hash (Argon2), even for an unknown user name, so a few
    clients posting random names could keep both cores busy. Once an address has failed
    LOGIN_THROTTLE_FAILURES times within LOGIN_THROTTLE_MINUTES, its log-in POSTs are answered
    without authenticating anything, hence without hashing, early in the middleware chain, with a
    small page and after a pause, so that a flood of them costs little. The counters
    (django-ratelimit) live in the shared cache, so every worker sees them. A middleware around
    the log-in views named in LOGIN_THROTTLE_VIEWS, not part of a form, so it stays the same
    whatever the form asks for (a second factor, say). Any answer but the log-in's redirect counts
    as a failure: a wrong password, an unknown name, axes' lockout page, a missing CSRF token.
    django-axes still locks a user name per address (AXES_LOCKOUT_PARAMETERS).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path_info not in _login_paths():
            return self.get_response(request)
        usage = _failures(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            # A pause that costs no CPU (a sleeping thread): a client that posts again at once
            # is slowed to one attempt per LOGIN_THROTTLE_DELAY_SECONDS per connection.
            time.sleep(settings.LOGIN_THROTTLE_DELAY_SECONDS)
            return _throttled(request, retry_after=usage["time_left"])
        response = self.get_response(request)
        if not _logged_in(response):
            _failures(request, increment=True)
        return response


@functools.cache
def _login_paths_for(views: tuple[str, ...]) -> frozenset[str]:
    paths: set[str] = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.update(reverse(view) for view in views)
    return frozenset(paths)


def _login_paths() -> frozenset[str]:
    return _login_paths_for(tuple(settings.LOGIN_THROTTLE_VIEWS))


def _throttled(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    # A page of its own, not the site's layout: cheap to answer again and again.
    with translation.override(_language_of_path(request)):
        page = render_to_string("registration/throttled.html", {"language": translation.get_language()})
    response = HttpResponse(page, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def _logged_in(response: HttpResponse) -> bool:
    # A successful log-in redirects; a failed one shows the form again (or axes' lockout page).
    return response.status_code in (302, 303)


def _failures(request: HttpRequest, *, increment: bool) -> dict[str, Any] | None:
    from django_ratelimit.core import get_usage

    rate = f"{settings.LOGIN_THROTTLE_FAILURES}/{settings.LOGIN_THROTTLE_MINUTES * 60}s"
    return get_usage(request, group=LOGIN_FAILURES, key="ip", rate=rate, method="POST", increment=increment)
