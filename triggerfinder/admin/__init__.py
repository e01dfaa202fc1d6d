"""The app's admin pages: ``base`` (what they share), ``clinical`` (client records, read only),
``knowledge`` (the knowledge base, its import and export), ``appointments`` (working hours,
absences, closing days, rooms; appointments read only), ``audit`` (access log, security events),
``redirects`` (``view_on_site``, routed by the host before the admin's URLs)."""

# Django's admin autodiscovery imports ``triggerfinder.admin`` alone; the modules that register
# models with ``admin.site`` are imported here so that their registrations happen.
from triggerfinder.admin import appointments, audit, clinical, knowledge  # noqa: F401
from triggerfinder.admin.redirects import view_on_site

__all__ = ["view_on_site"]
