from datetime import date

from django.urls import path, register_converter

from triggerfinder.views import (
    appointments,
    calendar_feed,
    clients,
    finder,
    findings,
    handouts,
    health,
    intake,
    links,
    messaging,
    outcomes,
    plan_calendar,
    plan_preview,
    plans,
    questionnaires,
    second_factor,
    sessions,
)


class DateConverter:
    """A day as YYYY-MM-DD (the appointment book's pages); an impossible date does not match."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return (value if isinstance(value, date) else date.fromisoformat(value)).isoformat()


class FeedTokenConverter:
    """The secret of a calendar feed (``secrets.token_urlsafe``: letters, digits, "-" and "_")."""

    regex = r"[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LinkTokenConverter:
    """A signed link's token (``django.core.signing``: base64 letters, "-", "_", and ":" between
    the value, its time and the signature)."""

    regex = r"[A-Za-z0-9_:-]{1,300}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DateConverter, "isodate")
register_converter(FeedTokenConverter, "feedtoken")
register_converter(LinkTokenConverter, "linktoken")

app_name = "triggerfinder"

urlpatterns = [
    path("", clients.home, name="home"),
    path("clients/", clients.client_list, name="client-list"),
    path("clients/new/", clients.client_create, name="client-create"),
    path("clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", clients.client_update, name="client-update"),
    path("clients/<int:pk>/restrict/", clients.client_restrict, name="client-restrict"),
    path("clients/<int:pk>/consent/withdraw/", clients.consent_withdraw, name="consent-withdraw"),
    path(
        "clients/<int:pk>/messages/consent/", clients.messages_consent_record, name="messages-consent-record"
    ),
    path(
        "clients/<int:pk>/messages/withdraw/",
        clients.messages_consent_withdraw,
        name="messages-consent-withdraw",
    ),
    path("clients/<int:pk>/export.json", clients.client_export, {"fmt": "json"}, name="client-export-json"),
    path("clients/<int:pk>/export.pdf", clients.client_export, {"fmt": "pdf"}, name="client-export-pdf"),
    path("clients/<int:client_pk>/intake/", intake.intake_create, name="intake-for-client"),
    path("clients/<int:pk>/questionnaire/", questionnaires.questionnaire_send, name="questionnaire-send"),
    path(
        "clients/<int:pk>/questionnaire/email/",
        questionnaires.questionnaire_email,
        name="questionnaire-email",
    ),
    path("questionnaire/<feedtoken:token>/", questionnaires.questionnaire_page, name="questionnaire"),
    path("clients/<int:pk>/findings/", findings.finding_create, name="finding-create"),
    path("findings/<int:pk>/resolve/", findings.finding_resolve, name="finding-resolve"),
    path("clients/<int:pk>/handout.pdf", handouts.client_handout, name="client-handout"),
    path("handouts/", handouts.handout_batch, name="handout-batch"),
    path("clients/<int:client_pk>/sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/edit/", sessions.session_update, name="session-update"),
    path("planned/<int:pk>/mark/", sessions.planned_session_mark, name="planned-session-mark"),
    path("planned/<int:pk>/book/", plans.planned_session_book, name="planned-session-book"),
    path("appointments/day/", appointments.appointment_day, name="appointment-today"),
    path("appointments/day/<isodate:day>/", appointments.appointment_day, name="appointment-day"),
    path("appointments/week/", appointments.appointment_week, name="appointment-this-week"),
    path("appointments/week/<isodate:day>/", appointments.appointment_week, name="appointment-week"),
    path("appointments/<int:pk>/status/", appointments.appointment_status, name="appointment-status"),
    path("appointments/<int:pk>/move/", appointments.appointment_move, name="appointment-move"),
    path("appointments/<int:pk>/cancel/", appointments.appointment_cancel, name="appointment-cancel"),
    path("messages/settings/", messaging.message_settings_page, name="message-settings"),
    path("messages/<int:pk>/retry/", messaging.message_retry_view, name="message-retry"),
    path("appointments/link/<linktoken:token>/", links.appointment_link, name="appointment-link"),
    path("messages/stop/<linktoken:token>/", links.messages_withdraw, name="messages-withdraw"),
    path("outcomes/", outcomes.outcomes_page, name="outcomes"),
    path("outcomes.csv", outcomes.outcomes_csv, name="outcomes-csv"),
    path("intake/", intake.intake_create, name="intake-create"),
    path("intake/preview/", intake.intake_preview, name="intake-preview"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/reschedule/", plans.plan_reschedule, name="plan-reschedule"),
    path("plans/<int:pk>/dates/", plans.plan_dates, name="plan-dates"),
    path("plans/<int:pk>/clearance/", plans.plan_clearance, name="plan-clearance"),
    path("plans/<int:pk>/accept/", plans.plan_accept, name="plan-accept"),
    path("plans/<int:pk>/cancel/", plans.plan_cancel, name="plan-cancel"),
    path("plans/<int:pk>/calendar.ics", plan_calendar.plan_calendar, name="plan-calendar"),
    path("account/calendar-feed/", calendar_feed.feed_settings, name="calendar-feed-settings"),
    path("feed/<feedtoken:token>.ics", calendar_feed.feed, name="calendar-feed"),
    path("finder/", finder.finder_page, name="finder"),
    path("finder/embed/", finder.finder_embed, name="finder-embed"),
    path("api/finder/", finder.finder_api, name="finder-api"),
    path("api/plan-preview/", plan_preview.plan_preview_api, name="plan-preview-api"),
    path("health/", health.health, name="health"),
    path("account/second-factor/", second_factor.account, name="second-factor"),
    path("account/second-factor/setup/", second_factor.setup, name="second-factor-setup"),
    path("account/second-factor/verify/", second_factor.verify, name="second-factor-verify"),
    path(
        "account/second-factor/recovery-codes/",
        second_factor.recovery_codes,
        name="second-factor-recovery-codes",
    ),
]
