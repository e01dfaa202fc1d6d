"""The second factor: an authenticator app (TOTP) and a sheet of printed one-time recovery codes.

Plain functions over django-otp's devices, so that the log-in form, the enrolment pages, the
middleware and ``seed_demo`` share one definition of "enrolled" and "a code that fits".
django-otp is optional for a host project (the ``security`` extra): it is imported only when used.
"""

from __future__ import annotations

import re
from base64 import b32encode
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction

from triggerfinder.conf import conf

if TYPE_CHECKING:  # django-otp is optional and ships no types; its names document what is passed
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django_otp.models import Device
    from django_otp.plugins.otp_totp.models import TOTPDevice

OTP_APPS = ("django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static")
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")


def is_available() -> bool:
    """django-otp and its two device types are installed (the system check warns otherwise)."""
    return all(apps.is_installed(name) for name in OTP_APPS)


def is_required() -> bool:
    """Read at every request, so that a test or a host project can switch it per request."""
    return conf.REQUIRE_SECOND_FACTOR and is_available()


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Gave a one-time code in this session (django-otp's OTPMiddleware tells)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def is_enrolled(user: AbstractBaseUser) -> bool:
    """Has a confirmed device of any kind: an authenticator app or printed recovery codes."""
    import django_otp

    return django_otp.user_has_device(user, confirmed=True)


def has_authenticator(user: AbstractBaseUser) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def may_add_authenticator(user: AbstractBaseUser) -> bool:
    """A first enrolment needs only the password; anyone already enrolled must have given a code
    in this session, so that a stolen password cannot add the thief's authenticator."""
    if has_authenticator(user):
        return False
    return not is_enrolled(user) or is_verified(user)


def pending_authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows; the same one on every reload."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def manual_entry_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan a QR code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG: drawn on the server, no image request, no
    script, and no style attribute for the CSP to refuse."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def confirm_authenticator(device: TOTPDevice, code: str) -> bool:
    """Confirm the pending device if ``code`` is its current one (a typo leaves it pending)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTP_CODE.match(normalise(code)):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """A fresh sheet of recovery codes; every code printed before (also one from
    ``addstatictoken``) stops working at once."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        StaticToken.objects.filter(device__user=user).delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def topped_up_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """The user's unused recovery codes, topped up to a full sheet (for seed_demo, which may run
    again: the codes printed before keep working)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    missing = RECOVERY_CODE_COUNT - device.token_set.count()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=StaticToken.random_token()) for _ in range(max(missing, 0))
    )
    return list(device.token_set.order_by("pk").values_list("token", flat=True))


def recovery_codes_left(user: AbstractBaseUser) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code: str) -> str:
    """People type codes with spaces ("123 456") or in capitals from the printed sheet."""
    return re.sub(r"\s+", "", code or "").lower()


def matching_device(user: AbstractBaseUser, code: str) -> Device | None:
    """The confirmed device that accepts ``code``, or None. A recovery code is used up.

    Six digits go to the authenticator app first, anything else to the recovery codes only:
    trying every device would count a failed attempt against each (django-otp's throttling).
    Six digits fall back to the recovery codes, as ``addstatictoken`` may have made such a code."""
    import django_otp
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    code = normalise(code)
    if not code:
        return None
    kinds = (TOTPDevice, StaticDevice) if TOTP_CODE.match(code) else (StaticDevice,)
    for kind in kinds:
        for device in kind.objects.devices_for_user(user, confirmed=True):
            allowed, _details = device.verify_is_allowed()
            if allowed and django_otp.verify_token(user, device.persistent_id, code):
                return device
    return None


def log_device_in(request: HttpRequest, device: Device) -> None:
    """Mark the session as having given a code with ``device`` (what OTPMiddleware reads)."""
    import django_otp

    django_otp.login(request, device)
