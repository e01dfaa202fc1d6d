"""The absolute age of a logged-in session (security checklist A6): when it logged in.

The log-in receiver (``audit``) stamps the time, ``SessionTimeoutMiddleware`` reads it. Its own
module so that neither has to import the other for the key.
"""

from __future__ import annotations

import time

from django.contrib.sessions.backends.base import SessionBase

LOGIN_AT = "triggerfinder_login_at"


def stamp_login(session: SessionBase) -> None:
    session[LOGIN_AT] = time.time()
