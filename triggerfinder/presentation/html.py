"""Markup built in Python where a page repeats it hundreds of times: the verdict badge and the
appointment book's entries. A practice lead's week holds 300 appointments; as a template loop,
each entry's 25 variables cost the page about 70 ms of rendering alone, as string formatting with
the page's fixed words escaped once about 10 ms (docs/benchmarks.md). Every text is escaped by
``fill`` (``format_html`` without the lazy-string wrapper) or ``escape``; nothing else is
marked safe."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _escape_text
from typing import Any

from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext as _

from triggerfinder.presentation import decisions as presentation_decisions
from triggerfinder.presentation.book import BookRow


def _escaped(text: Any) -> str:
    return text if isinstance(text, SafeData) else _escape_text(str(text))  # type: ignore[return-value]


def escape(text: Any) -> SafeString:
    """Django's ``escape`` without its lazy-string wrapper, which costs more than the escaping;
    safe markup passes through as it is."""
    return SafeString(_escaped(text))


def fill(template: str, *args: Any, **parts: Any) -> SafeString:
    """``format_html``: every part escaped unless it is already safe markup."""
    return SafeString(
        template.format(*map(_escaped, args), **{key: _escaped(part) for key, part in parts.items()})
    )


_BADGE = '<span class="badge {} tf-level" data-level="{}" data-blocked="{}">{}</span>'


def level_badge_html(decision: Any) -> SafeString:
    """The client's verdict badge (its rule: ``presentation.decisions.level_badge``); nothing
    without a decision."""
    if not decision:
        return SafeString("")
    badge = presentation_decisions.level_badge(decision)
    return fill(_BADGE, badge["css"], badge["level"], badge["blocked"], badge["label"])


_ENTRY = (
    '<li class="list-group-item tf-appointment{cancelled}">'
    '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
    '<span class="fw-semibold"><time datetime="{start_iso}">{start}</time>–'
    '<time datetime="{end_iso}">{end}</time></span> '
    '<a href="{client_url}">{client}</a> {badge}{place}</div>'
    '<div><span class="badge {status_badge}">{status}</span></div></div>'
    '<div class="small text-body-secondary">{where}</div>{actions}</li>'
)
_ACTIONS = (
    '<div class="d-flex flex-wrap gap-2 mt-2" role="group" aria-label="{client}, {start}">'
    "{record}{move}{mark}</div>"
    '<div id="tf-panel-{pk}" class="tf-panel"></div>'
)
_RECORD = (
    '<a class="btn btn-sm btn-outline-primary" href="{record_url}">{record}</a>'
    '<a class="btn btn-sm btn-outline-secondary" href="{handout_url}">{handout}</a>'
)
_MOVE = (
    '<a class="btn btn-sm btn-outline-primary tf-move" href="{move_url}" hx-get="{move_url}" '
    'hx-target="#tf-panel-{pk}" aria-controls="tf-panel-{pk}">{move}</a>'
    '<a class="btn btn-sm btn-outline-danger" href="{cancel_url}" hx-get="{cancel_url}" '
    'hx-target="#tf-panel-{pk}" aria-controls="tf-panel-{pk}">{cancel}</a>'
)
_MARK = (
    '<form method="post" action="{status_url}" hx-post="{status_url}" hx-swap="none" '
    'class="d-flex flex-wrap gap-2">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="version" value="{version}">'
    '<input type="hidden" name="next" value="{back}">{done}{no_show}</form>'
)
_DONE = '<button class="btn btn-sm btn-success" type="submit" name="action" value="done">{}</button>'
_NO_SHOW = '<button class="btn btn-sm btn-warning" type="submit" name="action" value="no-show">{}</button>'


def book_entries_html(
    rows: Sequence[BookRow], *, show_therapist: bool, can_change: bool, csrf_token: str, back: str
) -> SafeString:
    """The appointments as a list group: time, client, verdict badge, "3 of 10", status, therapist
    and room, and (``can_change``) the actions each row offers, with an empty panel for htmx."""
    words = {
        name: escape(text)
        for name, text in {
            "room": _("Room"),
            "record": _("Record the session"),
            "handout": _("Print the handout"),
            "move": _("Move"),
            "cancel": _("Cancel…"),
            "done": _("Done"),
            "no_show": _("No-show"),
        }.items()
    }
    csrf, back_html = escape(csrf_token), escape(back)
    done_button, no_show_button = fill(_DONE, words["done"]), fill(_NO_SHOW, words["no_show"])
    badges: dict[int, SafeString] = {}  # decisions are shared objects: one badge per decision
    parts = ['<ul class="list-group">']
    for row in rows:
        client = escape(row.client_name)
        badge = badges.get(id(row.decision))
        if badge is None:
            badge = badges[id(row.decision)] = level_badge_html(row.decision)
        where = [escape(row.therapist_name)] if show_therapist else []
        if row.room_name:
            where.append(fill("{} {}", words["room"], row.room_name))
        actions = ""
        if can_change:
            actions = fill(
                _ACTIONS,
                client=client,
                start=row.start_time,
                pk=row.pk,
                record=fill(_RECORD, record_url=row.record_url, handout_url=row.handout_url, **words)
                if row.record_url
                else "",
                move=fill(_MOVE, move_url=row.move_url, cancel_url=row.cancel_url, pk=row.pk, **words)
                if row.move_url
                else "",
                mark=fill(
                    _MARK,
                    status_url=row.status_url,
                    csrf=csrf,
                    version=row.version,
                    back=back_html,
                    done=done_button if row.offer_done else "",
                    no_show=no_show_button if row.offer_no_show else "",
                )
                if row.status_url
                else "",
            )
        parts.append(
            fill(
                _ENTRY,
                cancelled=" tf-appointment-cancelled" if row.cancelled else "",
                start_iso=row.start_iso,
                start=row.start_time,
                end_iso=row.end_iso,
                end=row.end_time,
                client_url=row.client_url,
                client=client,
                badge=badge,
                place=fill(' <span class="text-body-secondary">· {}</span>', row.place) if row.place else "",
                status_badge=row.status_badge,
                status=row.status_label,
                where=SafeString(" · ".join(where)),  # each part escaped above
                actions=actions,
            )
        )
    parts.append("</ul>")
    return SafeString("".join(parts))  # every part came out of fill()
