"""A health check for load balancers and monitoring: is the database reachable?"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from triggerfinder.selectors.health import database_reachable


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    if not database_reachable():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
