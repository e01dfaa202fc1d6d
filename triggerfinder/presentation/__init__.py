"""Core results as plain dicts in one language, for the pages, the JSON API and the handout:
``finder`` (ranked muscles, warning signs), ``decisions`` (the gate's verdict and decision, level
names, finding choices), ``plans`` (focus, proposal, sessions), ``progress`` (chart, change);
``csvsafe`` writes CSV without formula injection. Import from the modules; this package exports
nothing."""
