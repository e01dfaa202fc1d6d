"""The intake page's live preview of the screening and the plan, as JSON."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder.forms.intake import PlanInputsForm
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.types import AuthenticatedRequest
from triggerfinder.views.decorators import practice_view
from triggerfinder.views.intake import preview_for


def _language() -> str:
    return (get_language() or "de")[:2]


PREVIEW_PARAMETERS = {
    "region",
    "duration_months",
    "contraindication",
    "factor",
    "start",
    "lang",
    "wish_weekdays",
    "wish_after",
    "wish_before",
}
# A form posted from a page carries its CSRF token among the fields.
IGNORED_PARAMETERS = {"csrfmiddlewaretoken"}


@practice_view("view_client", methods=("POST",))
def plan_preview_api(request: AuthenticatedRequest) -> JsonResponse:
    """POST /api/plan-preview/ with region=lower-back:7, duration_months=18, contraindication=fever, start=…

    POST, not GET: the fields are health data (screening answers, pain), and a query string ends up
    in access logs, browser histories and proxies (security checklist C5). CSRF as on every form.
    """
    fields = request.POST
    language = fields.get("lang", "") if fields.get("lang") in ("de", "en") else _language()
    with translation.override(language):
        unknown = sorted(set(fields) - PREVIEW_PARAMETERS - IGNORED_PARAMETERS)
        if unknown:
            names = ", ".join(name[:40] for name in unknown[:5])
            return JsonResponse(
                {"error": _("Unknown parameter(s): %(names)s.") % {"names": names}}, status=400
            )
        data: dict[str, Any] = {
            "duration_months": fields.get("duration_months", ""),
            "contraindication": fields.getlist("contraindication"),
            "factor": fields.getlist("factor"),
            "start": fields.get("start", ""),
            "wish_weekdays": fields.getlist("wish_weekdays"),
            "wish_after": fields.get("wish_after", ""),
            "wish_before": fields.get("wish_before", ""),
            "region": [],
        }
        for value in fields.getlist("region"):
            slug, _sep, intensity = value.partition(":")
            data["region"].append(slug)
            data[f"intensity-{slug[:60]}"] = intensity or "5"
        form = PlanInputsForm(
            data, snapshot=knowledge_snapshot(), today=timezone.localdate(), language=language
        )
        if not form.is_valid() or not form.cleaned_data["regions"]:
            errors = {
                ("region" if name.startswith("intensity-") else name): [str(m) for m in messages_]
                for name, messages_ in form.errors.items()
            }
            if not errors:
                errors = {"region": [_("Choose at least one painful region.")]}
            parameter, problems = next(iter(errors.items()))
            return JsonResponse({"error": f"{parameter}: {problems[0]}", "errors": errors}, status=400)
        return JsonResponse(preview_for(form, request.user), json_dumps_params={"ensure_ascii": False})
