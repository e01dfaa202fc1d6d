"""Reads: what a user may see, as querysets or plain data; no writes.

One module per subdomain, imported from where it lives (nothing is re-exported here):
``clients`` (the lists, one client, ``visible_or_404`` and ``HiddenRecordError``, progress),
``plans``, ``sessions``, ``findings``, ``outcomes``, ``calendar`` (the practice calendar),
``health``, ``decisions`` (the safety gate's inputs), ``calendar_export`` (a plan's appointments,
the therapist's calendar feed) and ``knowledge`` (the knowledge snapshot).
"""
