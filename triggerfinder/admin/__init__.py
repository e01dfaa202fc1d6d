from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from simple_history.admin import SimpleHistoryAdmin

from triggerfinder.forms import therapist_choices
from triggerfinder.models import (
    AccessLogEntry,
    BodyRegion,
    Clearance,
    Client,
    Contraindication,
    EscalationRule,
    Finding,
    Intake,
    IntakeRegion,
    Level,
    Muscle,
    PerpetuatingFactor,
    PlannedSession,
    Referral,
    ScreeningAnswer,
    SecurityEvent,
    Stretch,
    TreatmentPlan,
    TreatmentSession,
)
from triggerfinder.presentation.conflicts import VersionedModelForm
from triggerfinder.security import audit
from triggerfinder.security.roles import KNOWLEDGE_MODELS, client_visibility
from triggerfinder.services.knowledge.document import MAX_DOCUMENT_BYTES, KnowledgeImportError, load_document
from triggerfinder.services.knowledge.export import knowledge_export_json
from triggerfinder.services.knowledge.importing import knowledge_import


class VersionedAdminForm(VersionedModelForm):
    detailed_errors = True  # the admin lists errors as text: name every field that differs


def _model_fields(admin_: Any, request: HttpRequest, obj: Any) -> list[str]:
    """The layout's fields without ``version``: it is a declared form field, and Django's form
    factory refuses to build one for a non-editable model field."""
    return [name for name in flatten_fieldsets(admin_.get_fieldsets(request, obj)) if name != "version"]


class VersionedAdmin(SimpleHistoryAdmin):
    """History plus optimistic locking: a save based on an outdated version is refused with the
    saved values listed, and the form keeps what was typed (see ``triggerfinder.presentation.conflicts``)."""

    form = VersionedAdminForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        fields = kwargs["fields"] if "fields" in kwargs else _model_fields(self, request, obj)
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *fieldsets[1:]]

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """The stock confirmation lists every record that keeps an entry from being deleted, with
        its name and id: for an entry that client records use, an intake or a finding with the
        client's name, which a knowledge editor must not see. Those are named by kind only."""
        to_delete, model_count, _perms, _protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        # Only what would be deleted needs a permission; the stock page also asks it of the
        # protected records, and then says "no permission" where it should say "in use".
        perms_needed = {
            model._meta.verbose_name
            for model, deleted in collector.model_objs.items()
            if self.admin_site.is_registered(model)
            and not all(
                self.admin_site.get_model_admin(model).has_delete_permission(request, o) for o in deleted
            )
        }
        protected: list[str] = []
        client_record_kinds: set[str] = set()
        for obj in collector.protected:
            if obj._meta.model_name in KNOWLEDGE_MODELS:
                protected.append(f"{capfirst(obj._meta.verbose_name)}: {obj}")
            else:
                client_record_kinds.add(str(obj._meta.verbose_name_plural))
        protected += [
            gettext("Client records: %(records)s (not listed one by one)") % {"records": kind}
            for kind in sorted(client_record_kinds)
        ]
        return to_delete, model_count, perms_needed, protected


class VisibleClientsMixin:
    """Staff see in the admin only the clients their role lets them see in the app."""

    client_path = "client"

    def get_queryset(self, request: HttpRequest) -> Any:
        visible = Client.objects.filter(client_visibility(request.user))
        lookup = "pk__in" if self.client_path == "pk" else f"{self.client_path}__in"
        return super().get_queryset(request).filter(**{lookup: visible})


class ReadOnlyMixin:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _record_probe_if_hidden(request: HttpRequest, model: Any, object_id: str) -> None:
    """A security event when a record the user's admin pages do not show exists all the same
    (nothing of the record goes into the event)."""
    try:
        hidden = model._base_manager.filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        hidden = False
    if hidden:
        audit.record_event(SecurityEvent.Kind.PROBE, request=request, user=request.user)


class ClinicalRecordAdmin(ReadOnlyMixin, VisibleClientsMixin, SimpleHistoryAdmin):
    """Clinical records are written by the app's services alone, so the safety gate sees every
    change (docs/safety.md); the admin shows them and their history, and changes nothing. The
    history pages show only records the user may see, and their "revert" is refused."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """A user chosen on a client record (its therapist, who recorded it) is one of the
        practice's therapists, as in the app, never any account."""
        if db_field.related_model is get_user_model():
            kwargs["queryset"] = therapist_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _visible_or_none(self, request: HttpRequest, object_id: str) -> Any:
        """The record, logged as read; None when the user may not see it (a probe when it
        exists all the same)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            _record_probe_if_hidden(request, self.model, object_id)
            return None
        audit.record_access(request, self._client_of(obj), AccessLogEntry.Action.ADMIN)
        return obj

    def _visible_or_404(self, request: HttpRequest, object_id: str) -> Any:
        obj = self._visible_or_none(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def _client_of(self, obj: Any) -> Client:
        if self.client_path == "pk":
            return obj
        for step in self.client_path.split("__"):
            obj = getattr(obj, step)
        return obj

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        self._visible_or_none(request, object_id)  # a hidden one is "does not exist", as a missing one
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        self._visible_or_404(request, object_id)
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Client)
class ClientAdmin(ClinicalRecordAdmin):
    client_path = "pk"
    list_display = ["last_name", "first_name", "date_of_birth", "preferred_language", "therapist"]
    list_filter = ["preferred_language", "therapist"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["therapist"]


class IntakeRegionInline(admin.TabularInline):
    model = IntakeRegion
    extra = 0
    fields = ["region", "intensity"]


class ScreeningAnswerInline(ReadOnlyMixin, admin.TabularInline):
    """What was asked at the intake and the answers: a record, never edited afterwards."""

    model = ScreeningAnswer
    extra = 0
    fields = ["contraindication", "answer"]
    readonly_fields = fields


@admin.register(Intake)
class IntakeAdmin(ClinicalRecordAdmin):
    list_display = ["client", "recorded_at", "recorded_by", "overall_pain", "duration_months"]
    list_select_related = ["client", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "recorded_at"
    inlines = [IntakeRegionInline, ScreeningAnswerInline]


@admin.register(Finding)
class FindingAdmin(ClinicalRecordAdmin):
    list_display = ["client", "contraindication", "recorded_at", "recorded_by", "resolved_at"]
    list_filter = ["contraindication__level"]
    list_select_related = ["client", "contraindication", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]


@admin.register(Clearance)
class ClearanceAdmin(ClinicalRecordAdmin):
    list_display = ["client", "cleared_on", "recorded_by", "recorded_at"]
    list_select_related = ["client", "recorded_by"]
    search_fields = ["client__last_name", "client__first_name"]


class PlannedSessionInline(admin.TabularInline):
    model = PlannedSession
    extra = 0
    fields = ["kind", "number", "date", "status"]


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(ClinicalRecordAdmin):
    list_display = ["client", "status", "start_date", "cycle_length", "maintenance_weeks"]
    list_filter = ["status"]
    list_select_related = ["client"]
    search_fields = ["client__last_name", "client__first_name"]
    inlines = [PlannedSessionInline]


@admin.register(TreatmentSession)
class TreatmentSessionAdmin(ClinicalRecordAdmin):
    list_display = ["client", "held_at", "therapist", "pain_before", "pain_after"]
    list_select_related = ["client", "therapist"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "held_at"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are written by the app alone; nobody edits or deletes them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "client_id"]
    list_filter = ["action"]
    search_fields = ["user__username"]
    date_hierarchy = "at"


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "user", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"


@admin.register(BodyRegion)
class BodyRegionAdmin(VersionedAdmin):
    list_display = ["slug", "name_de", "name_en", "parent", "view", "order"]
    list_filter = ["view", "parent"]
    search_fields = ["slug", "name_de", "name_en"]
    list_editable = ["order"]


class ReferralInline(admin.TabularInline):
    model = Referral
    form = VersionedAdminForm

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["fields"] = _model_fields(self, request, obj)
        return super().get_formset(request, obj, **kwargs)

    extra = 1
    fields = ["region", "weight", "note_de", "note_en", "sources", "version"]
    autocomplete_fields = ["region"]


class KnowledgeImportForm(forms.Form):
    file = forms.FileField(label=_("Knowledge base file (JSON)"))
    reset = forms.BooleanField(
        label=_("Overwrite existing entries with the file's values"),
        required=False,
        help_text=_("Without this, entries that already exist are kept as they are."),
    )


@admin.register(Muscle)
class MuscleAdmin(VersionedAdmin):
    change_list_template = "admin/triggerfinder/muscle/change_list.html"
    list_display = ["name_de", "name_en", "latin_name", "view", "tool"]
    list_filter = ["view", "tool", "regions", "perpetuating_factors"]
    search_fields = ["slug", "name_de", "name_en", "latin_name"]
    inlines = [ReferralInline]
    filter_horizontal = ["stretches", "perpetuating_factors"]
    fieldsets = [
        (None, {"fields": ["slug", "latin_name", ("name_de", "name_en"), "view", "sources"]}),
        (
            _("Trigger points and referral"),
            {"fields": [("trigger_points_de", "trigger_points_en"), ("referral_de", "referral_en")]},
        ),
        (_("Causes"), {"fields": [("causes_de", "causes_en"), "perpetuating_factors"]}),
        (
            _("Self-treatment"),
            {
                "fields": [
                    "tool",
                    ("position_de", "position_en"),
                    ("steps_de", "steps_en"),
                    ("handout_steps_de", "handout_steps_en"),
                    ("light_steps_de", "light_steps_en"),
                    ("hold_seconds_min", "hold_seconds_max"),
                    ("frequency_de", "frequency_en"),
                    ("cautions_de", "cautions_en"),
                    "stretches",
                ]
            },
        ),
    ]

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("export/", wrap(never_cache(self.export_view)), name="triggerfinder_knowledge_export"),
            path("import/", wrap(self.import_view), name="triggerfinder_knowledge_import"),
            *super().get_urls(),
        ]

    @staticmethod
    def _has_all(request: HttpRequest, actions: tuple[str, ...]) -> bool:
        return request.user.has_perms(
            [f"triggerfinder.{action}_{model}" for model in KNOWLEDGE_MODELS for action in actions]
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self._has_all(request, ("view",)):
            raise PermissionDenied
        response = HttpResponse(knowledge_export_json(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="triggerfinder-knowledge.json"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._has_all(request, ("view", "add", "change")):
            raise PermissionDenied
        form = KnowledgeImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                document = load_document(form.cleaned_data["file"].read(MAX_DOCUMENT_BYTES + 1))
                summary = knowledge_import(document, reset=form.cleaned_data["reset"])
            except KnowledgeImportError as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _("Knowledge base imported: %(created)d created, %(updated)d updated, %(kept)d kept.")
                    % {
                        "created": summary.total("created"),
                        "updated": summary.total("updated"),
                        "kept": summary.total("kept"),
                    },
                )
                return redirect(reverse("admin:triggerfinder_muscle_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import knowledge base"),
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/triggerfinder/knowledge_import.html", context)


@admin.register(Referral)
class ReferralAdmin(VersionedAdmin):
    list_display = ["muscle", "region", "weight"]
    list_filter = ["weight", "region"]
    search_fields = ["muscle__name_de", "muscle__name_en", "muscle__slug", "region__slug"]
    list_select_related = ["muscle", "region"]
    autocomplete_fields = ["muscle", "region"]


@admin.register(Stretch)
class StretchAdmin(VersionedAdmin):
    list_display = ["name_de", "name_en", "hold_seconds", "repetitions"]
    search_fields = ["slug", "name_de", "name_en"]


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def delete_selected_unfloored(modeladmin: Any, request: HttpRequest, queryset: Any) -> Any:
    """Django's "delete selected", without the safety-critical entries (kept, with a message)."""
    floored = [c for c in queryset if c.floor is not None]
    if floored:
        messages.warning(
            request,
            gettext("Safety-critical entries cannot be deleted and were kept: %(entries)s.")
            % {"entries": ", ".join(str(c) for c in floored)},
        )
    rest = queryset.exclude(pk__in=[c.pk for c in floored])
    return delete_selected(modeladmin, request, rest) if rest.exists() else None


@admin.register(Contraindication)
class ContraindicationAdmin(VersionedAdmin):
    list_display = ["label_de", "label_en", "level", "minimum_level", "pressure", "client_warning", "order"]
    list_filter = ["level", "pressure", "client_warning"]
    search_fields = ["slug", "label_de", "label_en"]
    filter_horizontal = ["excluded_muscles", "excluded_stretches", "warning_regions"]
    fieldsets = [
        (None, {"fields": ["slug", ("level", "order"), ("label_de", "label_en"), "sources"]}),
        (
            _("Explanation and advice"),
            {
                "fields": [
                    ("therapist_note_de", "therapist_note_en"),
                    ("client_advice_de", "client_advice_en"),
                ]
            },
        ),
        (
            _("What it changes"),
            {"fields": ["postpone_days", "pressure", "excluded_muscles", "excluded_stretches"]},
        ),
        (_("Warning sign on handouts"), {"fields": ["client_warning", "warning_regions"]}),
    ]

    @admin.display(description=_("minimum level"))
    def minimum_level(self, obj: Contraindication) -> str:
        return Level(obj.floor).label if obj.floor else "—"

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "warning_regions":  # the body areas: top-level regions only
            kwargs["queryset"] = BodyRegion.objects.filter(parent=None)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.floor is not None:
            return False  # safety-critical (core.screening.SAFETY_FLOORS): never deleted
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions[name] = (delete_selected_unfloored, name, description)
        return actions


@admin.register(EscalationRule)
class EscalationRuleAdmin(VersionedAdmin):
    list_display = ["slug", "level", "order"]
    list_filter = ["level"]
    search_fields = ["slug", "reason_de", "reason_en"]
    fields = ["slug", ("level", "order"), "groups", ("reason_de", "reason_en"), "sources"]


@admin.register(PerpetuatingFactor)
class PerpetuatingFactorAdmin(VersionedAdmin):
    list_display = ["name_de", "name_en", "order"]
    search_fields = ["slug", "name_de", "name_en"]


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
        _record_probe_if_hidden(request, model, object_id)
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)
