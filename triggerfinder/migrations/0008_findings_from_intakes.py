"""Every intake's contraindications become findings of the client's screening, and each plan's
recorded clearance becomes a clearance of the findings of that plan's intake."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Finding = apps.get_model("triggerfinder", "Finding")
    Clearance = apps.get_model("triggerfinder", "Clearance")
    IntakeContraindication = apps.get_model("triggerfinder", "IntakeContraindication")
    TreatmentPlan = apps.get_model("triggerfinder", "TreatmentPlan")
    by_intake = {}
    for link in IntakeContraindication.objects.select_related("intake").order_by("pk").iterator():
        finding = Finding.objects.create(
            client_id=link.intake.client_id,
            contraindication_id=link.contraindication_id,
            intake_id=link.intake_id,
            recorded_at=link.intake.recorded_at,
            recorded_by_id=link.intake.recorded_by_id,
        )
        by_intake.setdefault(link.intake_id, []).append(finding.pk)
    for plan in TreatmentPlan.objects.filter(clearance_date__isnull=False).select_related("intake"):
        clearance = Clearance.objects.create(
            client_id=plan.client_id,
            cleared_on=plan.clearance_date,
            note=plan.clearance_note or "—",
            recorded_by_id=plan.clearance_recorded_by_id or plan.intake.recorded_by_id,
        )
        Clearance.objects.filter(pk=clearance.pk).update(recorded_at=timezone.now())
        clearance.findings.set(by_intake.get(plan.intake_id, []))


class Migration(migrations.Migration):
    dependencies = [("triggerfinder", "0007_safety_gate")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
