"""The README's URLs: in i18n_patterns (German without prefix, English under /en/, the language
switcher's links), the admin's view-on-site shortcut first, then the admin, then the app."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import triggerfinder.admin

urlpatterns = i18n_patterns(
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(triggerfinder.admin.view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("", include("triggerfinder.urls")),
    prefix_default_language=False,
)
