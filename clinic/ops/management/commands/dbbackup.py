"""dbbackup's own command, with this project's rule: never a plain-text backup of health data.

clinic.ops comes before dbbackup in INSTALLED_APPS, so ``manage.py dbbackup`` is this command.
"""

from __future__ import annotations

from typing import Any

from dbbackup.management.commands.dbbackup import Command as DbBackupCommand
from django.core.management.base import CommandError

from clinic.ops.backup import BackupError, require_encryption


class Command(DbBackupCommand):
    help = (
        DbBackupCommand.help
        + " Always encrypted here (BACKUP_GPG_RECIPIENT), unless BACKUP_ALLOW_UNENCRYPTED."
    )

    def handle(self, **options: Any) -> None:
        try:
            options["encrypt"] = require_encryption()
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        super().handle(**options)
