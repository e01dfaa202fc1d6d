"""The markup built in Python for the appointment book (presentation/html.py): every text escaped,
safe markup passed through once."""

from __future__ import annotations

from django.utils.html import escape as django_escape
from django.utils.safestring import SafeString, mark_safe

from triggerfinder.presentation.html import escape, fill

NAME = "Łukasz Öztürk & Söhne <GmbH> \"'"


def test_escape_is_djangos_escape():
    assert escape(NAME) == django_escape(NAME) and isinstance(escape(NAME), SafeString)


def test_fill_escapes_text_and_keeps_markup():
    filled = fill('<a title="{title}">{}</a>{badge}', NAME, title=NAME, badge=mark_safe("<b>!</b>"))
    assert filled == f'<a title="{django_escape(NAME)}">{django_escape(NAME)}</a><b>!</b>'
    assert isinstance(filled, SafeString)
    assert fill("{}", 3) == "3"
