"""Reads for the health check: is the database reachable?"""

from __future__ import annotations

from django.db import DatabaseError, connection


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True
