"""The practice lead's page for the messages to clients: the settings with a preview of every
message, and the messages that could not be sent (issue 18)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings as django_settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from triggerfinder.core import messaging
from triggerfinder.forms.messaging import MessageSettingsForm
from triggerfinder.models import Language, MessageSettings
from triggerfinder.presentation.messages import compose, preview_letter
from triggerfinder.selectors.messaging import (
    message_counts,
    message_settings,
    messages_needing_attention,
    outgoing_message,
)
from triggerfinder.services.messaging.settings import message_retry, message_settings_save
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view


def _previews(settings: MessageSettings, user_name: str) -> list[dict[str, str]]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(timezone.localdate() + timedelta(days=7), time(10), tzinfo=zone)
    previews = []
    for kind in messaging.KINDS:
        for language, label in Language.choices:
            letter = preview_letter(
                kind,
                language,
                own_words=settings.text(kind, language),
                therapist=user_name,
                sender=settings.sender_email or django_settings.DEFAULT_FROM_EMAIL,
                sender_name=settings.sender_name,
                reply_to=settings.reply_to,
                late_cancellation_hours=settings.late_cancellation_hours,
                start=start,
                timezone_name=str(zone),
            )
            email = compose(letter, stamp=timezone.now())
            previews.append(
                {"kind": kind, "language": str(label), "subject": str(email.subject), "body": str(email.body)}
            )
    return previews


@practice_view(["change_messagesettings", "view_outgoingmessage"], methods=("GET", "HEAD", "POST"))
def message_settings_page(request: AuthenticatedRequest) -> HttpResponse:
    current = message_settings()
    form = MessageSettingsForm(request.POST or None, instance=current)
    previews = None
    if request.method == "POST":
        if form.is_valid():
            if request.POST.get("action") == "preview":
                previews = _previews(
                    form.instance, request.user.get_full_name() or request.user.get_username()
                )
            else:
                message_settings_save(form.save(commit=False))
                messages.success(request, _("The message settings are saved."))
                return redirect("triggerfinder:message-settings")
        else:
            messages.error(request, _("Please correct the marked fields; nothing was saved."))
    return render(
        request,
        "triggerfinder/messaging/settings.html",
        {
            "form": form,
            "previews": previews,
            "attention": messages_needing_attention(),
            "counts": message_counts(),
            "placeholders": messaging.PLACEHOLDERS,
        },
    )


@practice_view(["change_messagesettings", "view_outgoingmessage"], methods=("POST",))
def message_retry_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = outgoing_message(pk)
    if message_retry(message):
        messages.success(request, _("The message will be sent again in a moment."))
    else:
        messages.info(request, _("This message is not waiting for another attempt."))
    return redirect("triggerfinder:message-settings")
