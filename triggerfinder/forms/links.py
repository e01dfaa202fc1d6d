"""The client's answer on the appointment's page behind a signed link (issue 18)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from triggerfinder.core import bounds

ACTIONS = ("confirm", "cancel")


class AppointmentAnswerForm(forms.Form):
    """Confirm the appointment, or cancel it with a reason if the client wants to give one."""

    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Please choose: confirm or cancel the appointment."),
            "invalid_choice": _("Please choose: confirm or cancel the appointment."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=bounds.CANCEL_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the practice sees it."),
    )
