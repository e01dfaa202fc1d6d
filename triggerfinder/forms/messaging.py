"""The practice lead's message settings: sender, lead times, the late-cancellation notice and the
practice's own words per message and language, each text checked for its placeholders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from triggerfinder.core import messaging
from triggerfinder.models import MessageSettings

TEXT_FIELDS = [f"{kind}_text_{language}" for kind in messaging.KINDS for language in ("de", "en")]


def placeholder_list() -> str:
    return ", ".join("{" + name + "}" for name in messaging.PLACEHOLDERS)


class MessageSettingsForm(forms.ModelForm):
    class Meta:
        model = MessageSettings
        fields = [
            "sender_name",
            "sender_email",
            "reply_to",
            "reminder_hours",
            "notice_grace_minutes",
            "late_cancellation_hours",
            *TEXT_FIELDS,
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in TEXT_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            self.fields[name].help_text = _("Empty: the standard text. Placeholders: %(names)s.") % {
                "names": placeholder_list()
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in TEXT_FIELDS:
            for problem in messaging.text_problems(cleaned.get(name) or ""):
                self.add_error(name, _problem_message(problem))
        return cleaned


def _problem_message(problem: messaging.TextProblem) -> str:
    allowed = {"names": placeholder_list()}
    if problem.code == "unknown":
        return _("“{%(name)s}” is not a placeholder. Use only %(names)s.") % {"name": problem.name, **allowed}
    if problem.code == "format":
        return _("Write the placeholder as {%(name)s}, without “:” or “!”.") % {"name": problem.name}
    if problem.code == "positional":
        return _("Empty braces {} are not a placeholder. Use only %(names)s.") % allowed
    return _("A brace is not closed. Write {{ and }} for a brace in the text.")
