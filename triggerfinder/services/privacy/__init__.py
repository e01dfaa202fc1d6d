"""Privacy: what is stored about a client, exported (Art. 15 and 20 GDPR) and purged once the
retention period has passed.

``records`` is the one definition of a client's records, found from the model graph; ``export``
writes them as JSON, ``pdf`` as a readable PDF, and ``purge`` removes them with their history.
"""
