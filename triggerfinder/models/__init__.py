from triggerfinder.models.clients import Client, Language
from triggerfinder.models.knowledge import (
    BodyRegion,
    Contraindication,
    Level,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
    Tool,
    View,
    Weight,
)

__all__ = [
    "BodyRegion",
    "Client",
    "Contraindication",
    "Language",
    "Level",
    "Muscle",
    "PerpetuatingFactor",
    "Referral",
    "Stretch",
    "Tool",
    "View",
    "Weight",
]
