"""Fill the English catalogues: our source strings are English, so every msgstr is its msgid.

An explicit English catalogue keeps the completeness test simple (every entry translated in both
languages) and stops English pages from falling back to a German string by accident.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for po_path in ROOT.glob("*/locale/en/LC_MESSAGES/django.po"):
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save()
    print(f"filled {po_path.relative_to(ROOT)}")
