"""The host project's guards in front of every view."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]


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

