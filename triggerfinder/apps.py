from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TriggerfinderConfig(AppConfig):
    name = "triggerfinder"
    verbose_name = _("Trigger-point therapy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from triggerfinder import checks  # noqa: F401 - registers the system checks
        from triggerfinder.security import audit, dbfiles
        from triggerfinder.security.roles import ensure_roles_after_migrate
        from triggerfinder.selectors.knowledge import connect_signals
        from triggerfinder.services.knowledge import rules

        connect_signals()
        rules.connect_signals()
        audit.connect_signals()
        dbfiles.connect_signals()
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
