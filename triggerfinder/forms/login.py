"""The log-in with the second factor (security checklist A4), and the one-time code alone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from triggerfinder.security import second_factor

UNIFORM_LOGIN_ERROR = _("User name, password or one-time code is not correct.")


class OneTimeCodeInput(forms.TextInput):
    """A code is used once: a refused form shows the field empty, like a password field, and the
    page after a wrong password reads the same as after a wrong code."""

    def format_value(self, value: Any) -> None:
        return None


def one_time_code_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("One-time code"),
        required=required,
        max_length=32,
        strip=True,
        help_text=_("Six digits from your authenticator app, or one of your printed recovery codes."),
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SecondFactorLoginForm(AuthenticationForm):
    """User name, password and one-time code on one page, with one message for any mistake.

    Whether the password was right is never told apart from whether the code was: both end in the
    same message, the same failed log-in signal (django-axes counts it; the audit log records it).
    Someone without a confirmed device yet logs in with the password only and is then sent to
    enrolment (SecondFactorMiddleware); with the requirement off, a code is checked only if given.
    """

    otp_token = one_time_code_field(required=False)

    error_messages = {"invalid_login": UNIFORM_LOGIN_ERROR, "inactive": UNIFORM_LOGIN_ERROR}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the user name's max_length after the field is made, so nothing
        # checks it: a longer name went on to django-axes, whose record of the failed log-in
        # PostgreSQL refuses (a 500). No account has such a name; the form says it is too long.
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(getattr(field, "max_length", None) or 150))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # the password; raises the uniform error
        user = self.get_user()
        if user is not None:
            # django-otp stores it in the session at log-in; its own convention, untyped
            user.otp_device = self._second_factor(user)  # type: ignore[attr-defined]
        return cleaned

    def _second_factor(self, user: AbstractBaseUser) -> Any:
        """The device whose code matched (django-otp's, untyped), None when no code is due."""
        code = self.cleaned_data.get("otp_token", "")
        if not second_factor.is_available():
            return None  # a host project without django-otp: the password alone, as the check warns
        if not code and not (second_factor.is_required() and second_factor.is_enrolled(user)):
            return None
        device = second_factor.matching_device(user, code)
        if device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            self.user_cache = None
            raise self.get_invalid_login_error()
        return device


class OneTimeCodeForm(forms.Form):
    """The code alone: to confirm a new authenticator app, or to verify a session."""

    otp_token = one_time_code_field(required=True)
