"""The admin's "view on site" shortcut, for records the user's admin pages show."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse

from triggerfinder.admin.base import record_probe_if_hidden


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site" shortcut (``admin/r/<type>/<id>/``) for records the user may see
    in the admin. The stock one redirects any staff member to any existing record's page and
    answers a missing one with a 404, which confirms which client ids exist; here a record the
    user's admin pages do not show answers exactly as a missing one. Route it before the admin's
    URLs (``clinic/urls.py``)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if not (model and admin.site.is_registered(model)):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    if (
        not model_admin.has_view_or_change_permission(request)
        or model_admin.get_object(request, unquote(object_id)) is None
    ):
        record_probe_if_hidden(request, model, object_id)
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)
