from triggerfinder.models.clients import Client, Language

__all__ = ["Client", "Language"]
