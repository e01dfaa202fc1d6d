from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "clinic.ops"
    label = "clinic_ops"
    verbose_name = "Clinic operations"

    def ready(self) -> None:
        from clinic.ops import checks  # noqa: F401 - registers the checks
