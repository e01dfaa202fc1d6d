"""Log-in with a one-time code, enrolment of an authenticator app, and the recovery codes.

The pages an unverified session may reach are marked ``second_factor_exempt``; the rest of the app
is closed to it by SecondFactorMiddleware.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from triggerfinder.forms.login import OneTimeCodeForm, SecondFactorLoginForm
from triggerfinder.security import second_factor
from triggerfinder.security.middleware import second_factor_exempt
from triggerfinder.types import AuthenticatedRequest


class SecondFactorLoginView(LoginView):
    """Django's log-in view with the one-time code field and the uniform error message."""

    form_class = SecondFactorLoginForm
    redirect_authenticated_user = True


def needs_django_otp(view: Any) -> Any:
    """A host project without django-otp (the optional 'security' extra) has no such pages."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not second_factor.is_available():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request: HttpRequest) -> str:
    """Where the user was going, if it is on this site; the overview otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("triggerfinder:home")


@second_factor_exempt
@never_cache
@login_required
@needs_django_otp
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: AuthenticatedRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a code, then print the recovery codes."""
    user = request.user
    if not second_factor.may_add_authenticator(user):
        return redirect(_already_enrolled_target(request))
    device = second_factor.pending_authenticator(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.confirm_authenticator(device, form.cleaned_data["otp_token"]):
            device.refresh_from_db()
            second_factor.log_device_in(request, device)
            return _recovery_codes_page(request, second_factor.new_recovery_codes(user), first=True)
        form.add_error(
            "otp_token", _("This code does not fit. Check the time on your phone and try the current code.")
        )
    context = {
        "form": form,
        "qr_code": second_factor.qr_code_svg(device),
        "manual_key": second_factor.manual_entry_key(device),
        "next": _next_url(request),
    }
    return render(request, "triggerfinder/second_factor/setup.html", context)


def _already_enrolled_target(request: AuthenticatedRequest) -> str:
    if second_factor.is_verified(request.user):
        return "triggerfinder:second-factor"
    return "triggerfinder:second-factor-verify"


@second_factor_exempt
@never_cache
@login_required
@needs_django_otp
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """The code for a session that logged in without one (e.g. while the requirement was off)."""
    user = request.user
    if second_factor.is_verified(user):
        return redirect(_next_url(request))
    if not second_factor.is_enrolled(user):
        return redirect("triggerfinder:second-factor-setup")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.matching_device(user, form.cleaned_data["otp_token"])
        if device is not None:
            second_factor.log_device_in(request, device)
            return redirect(_next_url(request))
        form.add_error("otp_token", _("This one-time code is not correct."))
    return render(
        request, "triggerfinder/second_factor/verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@login_required
@needs_django_otp
@require_http_methods(["GET", "HEAD"])
def account(request: AuthenticatedRequest) -> HttpResponse:
    """The user's second factor: what is set up, how many recovery codes are left."""
    user = request.user
    context = {
        "has_authenticator": second_factor.has_authenticator(user),
        "may_add_authenticator": second_factor.may_add_authenticator(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "required": second_factor.is_required(),
    }
    return render(request, "triggerfinder/second_factor/account.html", context)


@never_cache
@login_required
@needs_django_otp
@require_POST
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """A new sheet of recovery codes, shown once; the old codes stop working."""
    user = request.user
    if second_factor.is_enrolled(user) and not second_factor.is_verified(user):
        # With the requirement off a session may lack the code; it must not mint a new factor.
        messages.error(request, _("Give a one-time code first."))
        return redirect("triggerfinder:second-factor-verify")
    return _recovery_codes_page(request, second_factor.new_recovery_codes(user), first=False)


def _recovery_codes_page(request: AuthenticatedRequest, codes: list[str], *, first: bool) -> HttpResponse:
    """Rendered in the answer to the POST, never stored for a later page: shown this once."""
    context = {"codes": codes, "first": first, "next": _next_url(request)}
    return render(request, "triggerfinder/second_factor/recovery_codes.html", context)
