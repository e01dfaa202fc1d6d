from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from triggerfinder.conf import conf

register = template.Library()


@register.simple_tag
def practice_name() -> str:
    return conf.PRACTICE_NAME


@register.inclusion_tag("triggerfinder/includes/language_switcher.html", takes_context=True)
def language_switcher(context: Any) -> dict[str, Any]:
    """Links to the current page in each language (the language lives in the URL, not a cookie)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "active": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"languages": languages}
