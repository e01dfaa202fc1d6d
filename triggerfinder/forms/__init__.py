"""The app's forms, one module per subdomain: ``clients``, ``finder``, ``intake``, ``plans``,
``findings``, ``sessions``, ``login`` (the second factor); ``fields`` holds what several of them
share, ``versioning`` the edit-conflict machinery every form of a versioned record uses. Import
from the modules; this package exports nothing."""
