"""System checks of the host project's own settings (ids ``clinic.E…``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from clinic.ops.conf import demo_password


@register()
def check_demo_password(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    password = demo_password()
    if not isinstance(password, str) or len(password) < 12:
        return [Error("DEMO_PASSWORD must be a string of at least 12 characters.", id="clinic.E001")]
    return []
