"""The admin's log-in with a one-time code, without the extra "choose a device" round trip when a
user has only one device (the usual case: an authenticator app, or a sheet of printed codes)."""

from __future__ import annotations

from typing import Any

from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class OneDeviceOTPAuthenticationForm(OTPAdminAuthenticationForm):
    def _chosen_device(self, user: Any) -> Any:
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user))
            if len(devices) == 1:
                return devices[0]
        return device


class ClinicAdminSite(OTPAdminSite):
    login_form = OneDeviceOTPAuthenticationForm
