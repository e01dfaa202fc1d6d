"""The practice's own outcomes: shares of clients with less pain, with 95 % intervals.

The pain compared with the intake is the one reported at the start of the milestone session (how the
days since the last visit were), counted by ``core.outcomes``' one definition of relevant change."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triggerfinder.core.outcomes import tally, wilson_interval
from triggerfinder.presentation import csvsafe
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.selectors.outcomes import MILESTONE_CYCLE, MILESTONE_SIX, milestone_outcomes
from triggerfinder.types import AuthenticatedRequest, User
from triggerfinder.views.decorators import practice_view


def outcome_rows(user: User, milestone: str) -> list[dict[str, Any]]:
    """One row per group with counts and shares; the groups' labels in the active language."""
    language = (get_language() or "de")[:2]
    regions = knowledge_snapshot().regions
    counted = tally(milestone_outcomes(user=user, milestone=milestone))
    groups = [
        ("overall", _("All clients"), counted.overall),
        *(
            (
                "chronic",
                _("Chronic (3 months or more, IASP)") if chronic else _("Not chronic (under 3 months)"),
                item,
            )
            for chronic, item in counted.chronic.items()
        ),
        *(
            ("region", regions[slug].name.get(language) if slug in regions else slug, item)
            for slug, item in counted.region.items()
        ),
    ]
    return [
        {
            "group": group,
            "label": label,
            "n": item.n,
            "improved_30": wilson_interval(item.improved_30, item.n),
            "improved_50": wilson_interval(item.improved_50, item.n),
        }
        for group, label, item in groups
    ]


@practice_view("view_client")
def outcomes_page(request: AuthenticatedRequest) -> HttpResponse:
    tables = [
        (_("At session 6"), outcome_rows(request.user, MILESTONE_SIX)),
        (_("At the last session of the cycle"), outcome_rows(request.user, MILESTONE_CYCLE)),
    ]
    return render(request, "triggerfinder/outcomes.html", {"tables": tables})


@practice_view("view_client")
def outcomes_csv(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outcomes.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the umlauts as UTF-8
    writer = csvsafe.writer(response)
    writer.writerow(
        [
            "milestone",
            "group",
            "label",
            "clients",
            "improved_30",
            "share_30",
            "ci95_low_30",
            "ci95_high_30",
            "improved_50",
            "share_50",
            "ci95_low_50",
            "ci95_high_50",
        ]
    )
    for milestone in (MILESTONE_SIX, MILESTONE_CYCLE):
        for row in outcome_rows(request.user, milestone):
            cells = [milestone, row["group"], row["label"], row["n"]]
            for key in ("improved_30", "improved_50"):
                share = row[key]
                value = "" if share.value is None else f"{share.value:.3f}"
                cells += [share.count, value, f"{share.low:.3f}", f"{share.high:.3f}"]
            writer.writerow(cells)
    return response
