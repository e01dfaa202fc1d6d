"""The admin behind the app's one log-in page (user name, password and one-time code).

The admin has no log-in form of its own: one form means one uniform error message (a right
password is never told apart from a wrong one) and one place for throttling and lock-out.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator

from triggerfinder.security import second_factor


class ClinicAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Staff who gave a one-time code (SecondFactorMiddleware checks it too; this keeps the
        admin closed should the middleware be left out)."""
        verified = not second_factor.is_required() or second_factor.is_verified(request.user)
        return super().has_permission(request) and verified

    @method_decorator(login_not_required)
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return redirect(index)
        if (
            request.user.is_authenticated
            and second_factor.is_required()
            and not second_factor.is_verified(request.user)
        ):
            return redirect("triggerfinder:second-factor-verify")  # which sends to enrolment if need be
        if request.user.is_authenticated:
            # Logged in but not staff: sending them to the log-in page would only loop back here.
            raise PermissionDenied
        # The log-in page checks that ``next`` stays on this site.
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or index, login_url=reverse("login"))
