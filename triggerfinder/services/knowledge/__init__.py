"""The knowledge base's writes: ``document`` (the JSON format and reading one within bounds),
``export``, ``importing`` (all or nothing), and ``rules`` (the safety floors kept in the database)."""
