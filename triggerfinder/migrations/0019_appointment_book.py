"""The appointment book (issue 17): working hours, absences, closing days, rooms, appointments.

On PostgreSQL two exclusion constraints (with btree_gist) keep active appointments (booked, done,
no-show) of one therapist, and in one room, from overlapping; on SQLite the operation does nothing
and the service checks the same rule inside the write transaction."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

ACTIVE = "('booked', 'done', 'no-show')"
CONSTRAINTS = {
    "tf_appointment_therapist_no_overlap": f"therapist_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
    f"WHERE (status IN {ACTIVE})",
    "tf_appointment_room_no_overlap": f"room_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
    f"WHERE (room_id IS NOT NULL AND status IN {ACTIVE})",
}


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, body in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE triggerfinder_appointment ADD CONSTRAINT {name} EXCLUDE USING gist ({body}"
        )


def drop_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE triggerfinder_appointment DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('triggerfinder', '0018_audit_edit_admin_probe'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClosingDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('date', models.DateField(unique=True, verbose_name='date')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
            ],
            options={
                'verbose_name': 'closing day',
                'verbose_name_plural': 'closing days',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='Room',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'room',
                'verbose_name_plural': 'rooms',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAbsence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('start', models.DateTimeField(verbose_name='from')),
                ('end', models.DateTimeField(verbose_name='until')),
                ('kind', models.CharField(choices=[('holiday', 'holiday'), ('illness', 'illness'), ('training', 'training')], default='holiday', max_length=10, verbose_name='kind')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('therapist', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
            ],
            options={
                'verbose_name': 'historical absence',
                'verbose_name_plural': 'historical absences',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClosingDay',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('date', models.DateField(db_index=True, verbose_name='date')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical closing day',
                'verbose_name_plural': 'historical closing days',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRoom',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical room',
                'verbose_name_plural': 'historical rooms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalWorkingHours',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='weekday')),
                ('start', models.TimeField(verbose_name='from')),
                ('end', models.TimeField(verbose_name='to')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('therapist', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
            ],
            options={
                'verbose_name': 'historical working hours',
                'verbose_name_plural': 'historical working hours',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalAppointment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('start', models.DateTimeField(verbose_name='start')),
                ('duration_minutes', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(240)], verbose_name='duration (minutes)')),
                ('end', models.DateTimeField(editable=False, verbose_name='end')),
                ('status', models.CharField(choices=[('booked', 'booked'), ('done', 'done'), ('no-show', 'no-show'), ('cancelled-client', 'cancelled by the client'), ('cancelled-late', 'cancelled late by the client'), ('cancelled-practice', 'cancelled by the practice')], default='booked', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='changed')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('client', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='triggerfinder.client', verbose_name='client')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('planned_session', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='triggerfinder.plannedsession', verbose_name='planned session it fulfils')),
                ('therapist', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
                ('room', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='triggerfinder.room', verbose_name='room')),
            ],
            options={
                'verbose_name': 'historical appointment',
                'verbose_name_plural': 'historical appointments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Absence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('start', models.DateTimeField(verbose_name='from')),
                ('end', models.DateTimeField(verbose_name='until')),
                ('kind', models.CharField(choices=[('holiday', 'holiday'), ('illness', 'illness'), ('training', 'training')], default='holiday', max_length=10, verbose_name='kind')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('therapist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='absences', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
            ],
            options={
                'verbose_name': 'absence',
                'verbose_name_plural': 'absences',
                'ordering': ['therapist', 'start'],
                'indexes': [models.Index(fields=['therapist', 'start', 'end'], name='tf_absence_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='tf_absence_order')],
            },
        ),
        migrations.CreateModel(
            name='Appointment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('start', models.DateTimeField(verbose_name='start')),
                ('duration_minutes', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(240)], verbose_name='duration (minutes)')),
                ('end', models.DateTimeField(editable=False, verbose_name='end')),
                ('status', models.CharField(choices=[('booked', 'booked'), ('done', 'done'), ('no-show', 'no-show'), ('cancelled-client', 'cancelled by the client'), ('cancelled-late', 'cancelled late by the client'), ('cancelled-practice', 'cancelled by the practice')], default='booked', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='triggerfinder.client', verbose_name='client')),
                ('planned_session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appointments', to='triggerfinder.plannedsession', verbose_name='planned session it fulfils')),
                ('therapist', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
                ('room', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='triggerfinder.room', verbose_name='room')),
            ],
            options={
                'verbose_name': 'appointment',
                'verbose_name_plural': 'appointments',
                'ordering': ['start', 'pk'],
                'indexes': [models.Index(fields=['therapist', 'start'], name='tf_appointment_therapist_idx'), models.Index(fields=['room', 'start'], name='tf_appointment_room_idx'), models.Index(fields=['client', 'start'], name='tf_appointment_client_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='tf_appointment_order'), models.UniqueConstraint(condition=models.Q(('status__in', ['booked', 'done', 'no-show'])), fields=('planned_session',), name='tf_appointment_one_active_per_session')],
            },
        ),
        migrations.CreateModel(
            name='WorkingHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Goes up by one with every save; a save based on an older version is refused.', verbose_name='version')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='weekday')),
                ('start', models.TimeField(verbose_name='from')),
                ('end', models.TimeField(verbose_name='to')),
                ('therapist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='working_hours', to=settings.AUTH_USER_MODEL, verbose_name='therapist')),
            ],
            options={
                'verbose_name': 'working hours',
                'verbose_name_plural': 'working hours',
                'ordering': ['therapist', 'weekday', 'start'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='tf_hours_order'), models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='tf_hours_weekday')],
            },
        ),
        migrations.RunPython(add_exclusion_constraints, drop_exclusion_constraints, elidable=False),
    ]
