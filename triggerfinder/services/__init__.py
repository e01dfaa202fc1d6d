"""Writes: every change to the app's records goes through the modules of this package.

- ``clients``: a client's record created, changed, consent withdrawn, restricted;
- ``intakes``: an intake with its screening answers, findings and proposed plan;
- ``plans``: a plan rescheduled, its dates moved, accepted, cancelled;
- ``sessions``: treatment sessions recorded and corrected, planned dates marked;
- ``findings``: findings and medical clearances between intakes;
- ``calendar_feed``: a therapist's private calendar feed made, replaced, revoked;
- ``guards``: the checks every write makes first;
- ``privacy``: a client's records (``records``), exported (``export``, ``pdf``) and purged (``purge``);
- ``knowledge``: the knowledge base's document (``document``), its export and import, and the
  safety floors kept in the database (``rules``).
"""
