"""The public trigger-point finder: a body map page, its embeddable variant and the JSON API.

Public on purpose: no log-in, nothing stored, no cookie set. Every answer carries the warning
signs that need a doctor first.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from triggerfinder.bodymap.regions import VIEWS
from triggerfinder.conf import conf, enforced_frame_origins
from triggerfinder.core.finder import normalise_regions, rank_muscles
from triggerfinder.core.knowledge import LANGUAGES, KnowledgeSnapshot
from triggerfinder.forms.finder import FinderForm
from triggerfinder.presentation.finder import before_self_treatment, finder_result, warning_signs
from triggerfinder.security.throttle import finder_rate_limit
from triggerfinder.selectors.knowledge import knowledge_snapshot

API_PARAMETERS = {"region", "lang"}
# An answer depends only on the knowledge snapshot, the query and the language: the encoded JSON of
# the latest answers is kept per snapshot (a new snapshot, after an admin edit, starts afresh).
ANSWER_CACHE_SIZE = 512
_answers: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_answers_for: list[KnowledgeSnapshot | None] = [None]
_answers_lock = threading.Lock()


def _remembered(snapshot: KnowledgeSnapshot, key: tuple[str, str]) -> bytes | None:
    with _answers_lock:
        if _answers_for[0] is not snapshot:
            _answers.clear()
            _answers_for[0] = snapshot
        body = _answers.get(key)
        if body is not None:
            _answers.move_to_end(key)
        return body


def _remember(snapshot: KnowledgeSnapshot, key: tuple[str, str], body: bytes) -> None:
    with _answers_lock:
        if _answers_for[0] is snapshot:
            _answers[key] = body
            while len(_answers) > ANSWER_CACHE_SIZE:
                _answers.popitem(last=False)


def _language(params: QueryDict) -> str:
    requested = params.get("lang", "")
    return requested if requested in LANGUAGES else (get_language() or "de")[:2]


def _answer(snapshot: KnowledgeSnapshot, form: FinderForm, language: str) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    chosen = normalise_regions(snapshot, form.cleaned_data["region"])
    return finder_result(snapshot, chosen, rank_muscles(snapshot, chosen), language)


def _too_many_json(request: HttpRequest) -> HttpResponse:
    with translation.override(_language(request.GET)):
        return JsonResponse(
            {"error": _("Too many requests from your address. Please wait a minute.")}, status=429
        )


def _too_many_text(request: HttpRequest) -> HttpResponse:
    message = _("Too many requests from your address. Please wait a minute.")
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
@finder_rate_limit(_too_many_json)
def finder_api(request: HttpRequest) -> HttpResponse:
    snapshot = knowledge_snapshot()
    language = _language(request.GET)
    key = (language, request.META.get("QUERY_STRING", ""))
    body = _remembered(snapshot, key)
    if body is not None:
        return HttpResponse(body, content_type="application/json")
    with translation.override(language):
        unknown = sorted(set(request.GET) - API_PARAMETERS)
        if unknown:
            names = ", ".join(name[:40] for name in unknown[:5])
            return JsonResponse(
                {"error": _("Unknown parameter(s): %(names)s.") % {"names": names}}, status=400
            )
        form = FinderForm(request.GET, snapshot=snapshot, max_regions=conf.FINDER_MAX_REGIONS)
        answer = _answer(snapshot, form, language)
        if answer is None:
            errors = {
                field: [str(message) for message in messages] for field, messages in form.errors.items()
            }
            first = next(iter(errors.values()))[0]
            return JsonResponse({"error": first, "errors": errors}, status=400)
    body = json.dumps(answer, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    _remember(snapshot, key, body)
    return HttpResponse(body, content_type="application/json")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page_context(request: HttpRequest) -> tuple[dict[str, Any], int]:
    snapshot = knowledge_snapshot()
    language = (get_language() or "de")[:2]
    asked = bool(request.GET)
    form = FinderForm(request.GET if asked else None, snapshot=snapshot, max_regions=conf.FINDER_MAX_REGIONS)
    answer = _answer(snapshot, form, language) if asked else None
    selected = set(request.GET.getlist("region"))
    regions = [
        {
            "slug": region.slug,
            "name": region.name.get(language),
            "description": region.description.get(language),
            "selected": region.slug in selected,
            "children": [
                {"slug": child.slug, "name": child.name.get(language), "selected": child.slug in selected}
                for child in snapshot.children_of(region.slug)
            ],
        }
        for region in snapshot.top_regions
    ]
    names = {slug: region.name.get(language) for slug, region in snapshot.regions.items()}
    # A chosen region lights up on the figure together with its sub-regions.
    highlighted = {
        below for slug in selected & set(snapshot.regions) for below in snapshot.region_descendants[slug]
    }
    context = {
        "form": form,
        "answer": answer,
        "regions": regions,
        "body_views": [VIEWS["front"], VIEWS["back"]],
        "region_names": names,
        "highlighted": highlighted,
        "warning_signs": answer["warning_signs"] if answer else warning_signs(snapshot, language),
        "before_self_treatment": before_self_treatment(snapshot, language),
    }
    return context, 400 if asked and answer is None else 200


@login_not_required
@require_safe
@finder_rate_limit(_too_many_text)
def finder_page(request: HttpRequest) -> HttpResponse:
    context, status = _page_context(request)
    template = "triggerfinder/finder/results.html" if _is_htmx(request) else "triggerfinder/finder/page.html"
    return render(request, template, context, status=status)


@login_not_required
@require_safe
@finder_rate_limit(_too_many_text)
def finder_embed(request: HttpRequest) -> HttpResponse:
    context, status = _page_context(request)
    template = "triggerfinder/finder/results.html" if _is_htmx(request) else "triggerfinder/finder/embed.html"
    response = render(request, template, {**context, "embedded": True}, status=status)
    origins = enforced_frame_origins()
    if origins:
        # Only the practice's own sites may frame the finder (django-csp reads this attribute).
        response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
        response.xframe_options_exempt = True
    return response
