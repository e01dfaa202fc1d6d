"""The README's URLs: the admin's view-on-site shortcut first, then the admin, then the app."""

from django.contrib import admin
from django.urls import include, path

import triggerfinder.admin

urlpatterns = [
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(triggerfinder.admin.view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("", include("triggerfinder.urls")),
]
