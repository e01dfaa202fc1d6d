"""triggerfinder: a reusable Django app for trigger-point therapy practices."""

__version__ = "0.1.0"
