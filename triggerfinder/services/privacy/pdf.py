"""Everything stored about one client as a readable PDF: the JSON export on A4 (Art. 15 GDPR)."""

from __future__ import annotations

import datetime
import json
from typing import Any
from xml.sax.saxutils import escape

from django.apps import apps as global_apps
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from triggerfinder.models import Client
from triggerfinder.services.privacy.export import client_export

LANGUAGES = ("de", "en")


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _lines(row: dict[str, Any]) -> str:
    """A row as "field: value" lines, escaped for reportlab's mini-markup."""
    return "<br/>".join(
        escape(f"{name}: {_text(value)}").replace("\n", "<br/>") for name, value in row.items()
    )


def _model_heading(label: str, *, plural: bool = True) -> str:
    meta = global_apps.get_model(label)._meta
    return f"{capfirst(str(meta.verbose_name_plural if plural else meta.verbose_name))} ({label})"


def client_export_pdf(client: Client, language: str) -> bytes:
    """The same data as ``client_export`` on A4: the record, then one section per kind of row.
    ``language`` ("de" or "en"; anything else falls back to English) only changes the headings."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph

    from triggerfinder.handout.document import a4_pdf
    from triggerfinder.handout.styles import FONT, FONT_BOLD, register_fonts

    register_fonts()
    data = client_export(client)
    ink, accent = colors.HexColor("#1f2933"), colors.HexColor("#0b5cab")
    body = ParagraphStyle("export-body", fontName=FONT, fontSize=8, leading=10.5, textColor=ink)
    row_style = ParagraphStyle("export-row", parent=body, leftIndent=6, spaceAfter=6)
    title = ParagraphStyle("export-title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19)
    h2 = ParagraphStyle(
        "export-h2", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
    )
    h3 = ParagraphStyle("export-h3", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, spaceBefore=5)
    title.textColor = h2.textColor = accent
    full_name = f"{data['client']['first_name']} {data['client']['last_name']}".strip()

    with translation.override(language if language in LANGUAGES else "en"):
        exported = timezone.localtime(datetime.datetime.fromisoformat(data["exported_at"]))
        story: list[Any] = [
            Paragraph(escape(gettext("Everything stored about %(name)s") % {"name": full_name}), title),
            Paragraph(escape(gettext("Exported at %(when)s") % {"when": f"{exported:%Y-%m-%d %H:%M}"}), body),
            Paragraph(escape(_model_heading(Client._meta.label, plural=False)), h2),
            Paragraph(_lines(data["client"]), row_style),
        ]
        none = escape(gettext("No entries."))
        for label, rows in data["related"].items():
            story.append(Paragraph(escape(f"{_model_heading(label)} · {len(rows)}"), h2))
            story += [KeepTogether(Paragraph(_lines(row), row_style)) for row in rows] or [
                Paragraph(none, body)
            ]
        story.append(Paragraph(escape(gettext("Change history")), h2))
        for label, rows in data["history"].items():
            story.append(Paragraph(escape(f"{_model_heading(label)} · {len(rows)}"), h3))
            story += [KeepTogether(Paragraph(_lines(row), row_style)) for row in rows] or [
                Paragraph(none, body)
            ]
        page = gettext("Page")

    return a4_pdf(
        story,
        title=full_name,
        language=language if language in LANGUAGES else "en",
        footer_left=full_name,
        page_label=page,
    )
