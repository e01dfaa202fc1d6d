"""Reads: what a user may see, as querysets or plain data; no writes.

One module per subdomain, imported from where it lives (nothing is re-exported here):
``clients`` (the lists, one client, ``visible_or_404`` and ``HiddenRecordError``, progress),
``plans``, ``sessions``, ``findings``, ``outcomes``, ``calendar`` (the practice calendar),
``health``, ``decisions`` (the safety gate's inputs) and ``knowledge`` (the knowledge snapshot).
"""

# Temporary, until the services split lands: ``triggerfinder/services/__init__.py`` still calls
# ``selectors.practice_calendar`` and ``selectors.handout_plan``. Delete these two lines once it
# imports them from ``selectors.calendar`` and ``selectors.plans``.
from triggerfinder.selectors.calendar import practice_calendar  # noqa: F401
from triggerfinder.selectors.plans import handout_plan  # noqa: F401
