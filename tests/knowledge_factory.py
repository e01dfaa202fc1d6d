"""Small hand-made knowledge bases as plain data, for unit tests of the pure core."""

from __future__ import annotations

from triggerfinder.core.knowledge import (
    Contraindication,
    KnowledgeSnapshot,
    Muscle,
    PerpetuatingFactor,
    Referral,
    Region,
    SelfTreatment,
    Stretch,
    Text,
)


def text(value: str) -> Text:
    return Text(de=f"{value} (de)", en=value)


def region(slug: str, parent: str | None = None) -> Region:
    return Region(slug=slug, parent=parent, view="back", order=0, name=text(slug), description=text(""))


def muscle(
    slug: str,
    factors: tuple[str, ...] = (),
    *,
    light_steps: str = "",
    handout_steps: str = "",
    stretches: tuple[str, ...] = ("stretch",),
    steps: str = "press gently",
    **weights: int,
) -> Muscle:
    """muscle("qlumb", lower_back=3, hip=2): referrals given as region=weight (underscores → hyphens).

    ``light_steps``: its light variant (none by default); ``handout_steps``: its short handout
    steps (none by default: the handout prints position and steps); ``stretches``: the stretches'
    slugs.
    """
    return Muscle(
        slug=slug,
        latin_name=f"Musculus {slug}",
        name=text(slug),
        view="back",
        trigger_points=text("tp"),
        referral=text("ref"),
        causes=text("causes"),
        self_treatment=SelfTreatment(
            tool="tennis-ball",
            position=text("lie down"),
            steps=text(steps),
            hold_seconds_min=10,
            hold_seconds_max=30,
            frequency=text("daily"),
        ),
        cautions=text(""),
        referrals=tuple(
            Referral(region=name.replace("_", "-"), weight=weight, note=text(""))
            for name, weight in weights.items()
        ),
        stretches=stretches,
        perpetuating_factors=factors,
        light_steps=text(light_steps) if light_steps else Text("", ""),
        handout_steps=text(handout_steps) if handout_steps else Text("", ""),
    )


def stretch(slug: str) -> Stretch:
    return Stretch(slug, text(slug), text(f"do {slug}"), 30, 3, text(""))


def snapshot(
    *muscles: Muscle, regions: list[Region] | None = None, contraindications=(), stretches=()
) -> KnowledgeSnapshot:
    """``stretches``: slugs of stretches beside the default "stretch"."""
    regions = regions or [
        region("lower-back"),
        region("hip"),
        region("leg"),
        region("leg-knee", parent="leg"),
        region("leg-calf", parent="leg"),
        region("neck"),
    ]
    return KnowledgeSnapshot(
        regions={r.slug: r for r in regions},
        muscles={m.slug: m for m in muscles},
        stretches={
            "stretch": Stretch("stretch", text("stretch"), text("do it"), 30, 3, text("")),
            **{slug: stretch(slug) for slug in stretches},
        },
        contraindications={c.slug: c for c in contraindications},
        perpetuating_factors={
            slug: PerpetuatingFactor(slug, 0, text(slug), text("advice")) for slug in ("sitting", "stress")
        },
    )


def contraindication(
    slug: str, level: str, order: int = 0, advice: str = "advice", **fields
) -> Contraindication:
    """``fields``: any other field, e.g. pressure="light", excluded_muscles=frozenset({"psoas"}); a
    postpone one delays 14 days unless ``postpone_days`` says otherwise."""
    if level == "postpone":
        fields.setdefault("postpone_days", 14)
    return Contraindication(slug, level, order, text(slug), text("note"), text(advice), **fields)
