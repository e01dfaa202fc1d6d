"""The knowledge base in the admin: regions, muscles, referrals, stretches, contraindications
(the safety-critical ones never deleted), escalation rules, perpetuating factors; its export and
import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.db.models import ManyToManyField, Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from triggerfinder.admin.base import VersionedAdmin, VersionedAdminForm, model_fields
from triggerfinder.core import bounds
from triggerfinder.models import (
    BodyRegion,
    Contraindication,
    EscalationRule,
    Level,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Stretch,
)
from triggerfinder.security.roles import KNOWLEDGE_MODELS
from triggerfinder.services.knowledge.document import KnowledgeImportError, load_document
from triggerfinder.services.knowledge.export import knowledge_export_json
from triggerfinder.services.knowledge.importing import knowledge_import


@admin.register(BodyRegion)
class BodyRegionAdmin(VersionedAdmin):
    list_display = ["slug", "name_de", "name_en", "parent", "view", "order"]
    list_filter = ["view", "parent"]
    search_fields = ["slug", "name_de", "name_en"]
    list_editable = ["order"]


class ReferralInline(admin.TabularInline):
    model = Referral
    form = VersionedAdminForm

    def get_formset(
        self, request: HttpRequest, obj: Model | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet[Any, Any, Any]]:
        kwargs["fields"] = model_fields(self, request, obj)
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

    def get_urls(self) -> list[URLPattern]:
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
                document = load_document(form.cleaned_data["file"].read(bounds.KNOWLEDGE_DOCUMENT_BYTES + 1))
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


# Django's own description (and its translations); @admin.action sets it, the stubs do not declare it.
@admin.action(permissions=["delete"], description=delete_selected.short_description)  # type: ignore[attr-defined]
def delete_selected_unfloored(
    modeladmin: admin.ModelAdmin[Contraindication], request: HttpRequest, queryset: QuerySet[Contraindication]
) -> TemplateResponse | None:
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
        (
            None,
            {
                "fields": [
                    "slug",
                    ("level", "order"),
                    ("label_de", "label_en"),
                    ("plain_de", "plain_en"),
                    "sources",
                ]
            },
        ),
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
        return str(Level(obj.floor).label) if obj.floor else "—"

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        if db_field.name == "warning_regions":  # the body areas: top-level regions only
            kwargs["queryset"] = BodyRegion.objects.filter(parent=None)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Contraindication | None = None) -> bool:
        if obj is not None and obj.floor is not None:
            return False  # safety-critical (core.screening.SAFETY_FLOORS): never deleted
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
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
