"""The public pages' rate limits per address (checklist: throttle).

The finder needs no log-in, so anyone may call it as often as they like; each address gets
``TRIGGERFINDER_FINDER_RATE_LIMIT`` requests (django-ratelimit's "60/m" form) across the finder
page, its embed and the API, then a 429. The clients' links in e-mails (issue 18) count their
posts apart, against ``TRIGGERFINDER_LINK_RATE_LIMIT``. The counters live in the host's default
cache, which must be one every worker shares. Without django-ratelimit (the app's "security"
extra) or with an empty rate there is no limit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from triggerfinder.conf import conf

FINDER_GROUP = "triggerfinder.finder"
LINKS_GROUP = "triggerfinder.links"
# The questionnaire's link (issue 18) counts apart from the finder, with its own rate.
QUESTIONNAIRE_GROUP = "triggerfinder.questionnaire"


def over_rate(request: HttpRequest, group: str = FINDER_GROUP, rate: str | None = None) -> bool:
    """Count the request in ``group``; True once the address is over ``rate`` (the finder's)."""
    rate = conf.FINDER_RATE_LIMIT if rate is None else rate
    if not rate:
        return False
    try:
        from django_ratelimit.core import is_ratelimited
    except ImportError:  # the host did not install the security extra
        return False
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def finder_rate_limit(
    refuse: Callable[[HttpRequest], HttpResponse],
    group: str = FINDER_GROUP,
    rate: Callable[[], str] | None = None,
) -> Callable[[Any], Any]:
    """Answer ``refuse(request)`` (a 429) instead of the view once the address is over the rate
    (the finder's, or ``rate()`` read at each request, counted in ``group``)."""

    def decorate(view: Any) -> Any:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if over_rate(request, group, None if rate is None else rate()):
                response = refuse(request)
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def links_over_rate(request: HttpRequest) -> bool:
    """The clients' links: count a post that would change something."""
    return over_rate(request, LINKS_GROUP, conf.LINK_RATE_LIMIT)
