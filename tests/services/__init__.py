"""Direct tests of ``triggerfinder.services``, one file per module, through the real database."""
