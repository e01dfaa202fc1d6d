"""Core results as plain dicts in one language, for the pages, the JSON API and the handout:
``finder`` (ranked muscles, warning signs), ``decisions`` (the gate's verdict and decision, level
names, finding choices), ``plans`` (focus, proposal, sessions), ``progress`` (chart, change);
``csvsafe`` writes CSV without formula injection; ``calendars`` words the calendar exports' events
and ``ics`` writes them as iCalendar. Import from the modules; this package exports
nothing."""
