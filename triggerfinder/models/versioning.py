"""Optimistic locking: every save of an existing row names the version it started from.

A page shows version N; whoever saves first turns it into N+1, and a later save still based on N is
refused with :class:`EditConflict` instead of silently overwriting the other person's work. The
check is one conditional UPDATE, so it holds on SQLite and PostgreSQL and across app servers.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the row after the version this save started from."""

    def __init__(self, instance: models.Model) -> None:
        super().__init__(f"{instance._meta.label} {instance.pk} was saved meanwhile")
        self.instance = instance


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with every save; a save based on an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        using = kwargs.get("using") or self._state.db
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise EditConflict(self)
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1
                raise
