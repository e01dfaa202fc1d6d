from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from triggerfinder.bodymap.geometry import BodyView, Polygon
from triggerfinder.bodymap.regions import shapes_for
from triggerfinder.bodymap.svg import polygon_svg_points
from triggerfinder.conf import conf
from triggerfinder.presentation import html

register = template.Library()


@register.simple_tag
def practice_name() -> str:
    return conf.PRACTICE_NAME


@register.simple_tag
def level_badge(decision: Any) -> str:
    """The client's verdict badge; nothing without a decision."""
    return html.level_badge_html(decision)


@register.simple_tag(takes_context=True)
def book_entries(context: Any, rows: Any, show_therapist: bool = False) -> str:
    """The appointment book's entries (``presentation.book`` rows) as a list group, with the
    actions when the user may change the book."""
    request = context["request"]
    return html.book_entries_html(
        rows,
        show_therapist=bool(show_therapist),
        can_change=bool(context.get("can_change")),
        csrf_token=get_token(request),
        back=context.get("back") or request.get_full_path(),
    )


@register.simple_tag
def second_factor_available() -> bool:
    """The navigation links to the second-factor page only where django-otp is installed."""
    from triggerfinder.security import second_factor

    return second_factor.is_available()


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


def _shape_svg(shape: Any) -> str:
    if isinstance(shape, Polygon):
        return format_html('<polygon points="{}"/>', polygon_svg_points(shape))
    return format_html('<ellipse cx="{}" cy="{}" rx="{}" ry="{}"/>', shape.cx, shape.cy, shape.rx, shape.ry)


@register.simple_tag
def body_map_svg(view: BodyView, highlighted: Any, names: dict[str, str], intensities: Any = None) -> str:
    """The figure of one view as inline SVG; each region a group with ``data-region``.

    With ``intensities`` (region slug -> 0–10) the regions are shaded by how much they hurt
    instead of marking the chosen ones.
    """
    outline = format_html_join("", "{}", ((_shape_svg(shape),) for shape in view.outline))
    groups = []
    for slug in dict.fromkeys(region.region for region in view.regions):
        shapes = format_html_join("", "{}", ((_shape_svg(r.shape),) for r in shapes_for(view, slug)))
        css = "tf-region is-selected" if highlighted and slug in highlighted else "tf-region"
        title = names.get(slug, slug)
        if intensities is not None:
            level = intensities.get(slug, 0)
            css = f"tf-region tf-heat-{level}"
            title = f"{title}: {level}/10"
        groups.append(
            format_html('<g class="{}" data-region="{}"><title>{}</title>{}</g>', css, slug, title, shapes)
        )
    return format_html(
        '<svg class="tf-bodymap" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" focusable="false">'
        # The silhouette is several overlapping shapes: strokes first, fills on top, so that only
        # the outer edge shows and no seam where a limb meets the torso.
        '<g class="tf-outline-stroke">{}</g><g class="tf-outline-fill">{}</g>{}</svg>',
        f"{view.width:g}",
        f"{view.height:g}",
        outline,
        outline,
        mark_safe("".join(groups)),  # noqa: S308 - each group was built with format_html
    )


@register.filter
def localized(obj: Any, field: str) -> str:
    """A knowledge entry's text in the active language: ``{{ region|localized:"name" }}``."""
    suffix = "en" if (get_language() or "de").startswith("en") else "de"
    return getattr(obj, f"{field}_{suffix}", "")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or an empty dict when there is none (or no mapping)."""
    if not isinstance(mapping, dict):
        return {}
    return mapping.get(key, {})
