"""Where the body regions sit on the figure, and the two views (front and back) made of the
silhouette and the regions drawn in each. Every paired shape is drawn on the viewer's left
(x < 100) and mirrored; ``RegionShape.side`` is from the person's own point of view."""

from __future__ import annotations

from triggerfinder.bodymap.geometry import (
    HEIGHT,
    WIDTH,
    BodyView,
    Ellipse,
    RegionShape,
    centre,
    flatten,
    paired,
    rounded_rect,
    smooth,
)
from triggerfinder.bodymap.outline import FOOT_BACK, FOOT_FRONT, outline

# Outer thigh (iliotibial band / vastus lateralis): a strip along the outer edge of the thigh, both views.
_LATERAL_THIGH = smooth(
    [(66.0, 254.0), (79.0, 254.0), (80.0, 280.0), (81.0, 302.0), (76.0, 306.0), (70.5, 302.0), (67.0, 280.0)],
    samples=4,
)
_KNEE = Ellipse(85.5, 321.0, 9.0, 9.5)

_BACK_REGIONS = flatten(
    [
        # Back of the head: occiput and the suboccipital area.
        centre("head", Ellipse(100.0, 39.0, 16.0, 15.0)),
        # Back of the neck.
        centre("neck", rounded_rect(89.0, 59.0, 111.0, 78.0, 7.0)),
        # Shoulder tops (upper trapezius) and the upper part of the shoulder blade.
        paired(
            "shoulders",
            smooth(
                [
                    (89.5, 80.5),
                    (78.0, 81.5),
                    (65.0, 85.5),
                    (58.0, 91.0),
                    (59.0, 100.0),
                    (70.0, 105.0),
                    (88.5, 104.0),
                    (92.0, 92.0),
                ],
                samples=4,
            ),
            "back",
        ),
        # Thoracic back: between and over the shoulder blades.
        centre("upper-back", rounded_rect(71.0, 109.0, 129.0, 163.0, 13.0)),
        # Lumbar band above the pelvis.
        centre("lower-back", rounded_rect(79.0, 170.0, 121.0, 203.0, 10.0)),
        # Buttock and the side of the hip.
        paired(
            "hip-buttock",
            smooth(
                [
                    (98.0, 213.0),
                    (84.0, 209.0),
                    (71.0, 212.0),
                    (66.0, 223.0),
                    (67.0, 237.0),
                    (75.0, 246.0),
                    (88.0, 249.0),
                    (98.0, 244.0),
                ],
                samples=4,
            ),
            "back",
        ),
        # Back of the thigh (hamstrings), inside the outer strip.
        paired(
            "leg-posterior-thigh",
            smooth(
                [
                    (83.0, 254.0),
                    (97.5, 254.0),
                    (97.0, 280.0),
                    (95.5, 304.0),
                    (89.0, 307.0),
                    (84.5, 303.0),
                    (83.5, 280.0),
                ],
                samples=4,
            ),
            "back",
        ),
        paired("leg-lateral-thigh", _LATERAL_THIGH, "back"),
        # Hollow of the knee.
        paired("leg-knee", _KNEE, "back"),
        # Calf down to the heel.
        paired(
            "leg-calf-heel",
            smooth(
                [
                    (78.0, 338.0),
                    (95.0, 338.0),
                    (95.0, 360.0),
                    (93.0, 385.0),
                    (92.0, 410.0),
                    (90.0, 424.0),
                    (84.0, 424.0),
                    (82.0, 410.0),
                    (79.5, 385.0),
                    (76.0, 360.0),
                ],
                samples=4,
            ),
            "back",
        ),
    ]
)

_FRONT_REGIONS = flatten(
    [
        # Forehead, temples and face.
        centre("head", Ellipse(100.0, 31.0, 17.0, 19.0)),
        # Sides of the neck (sternocleidomastoid), running from behind the jaw down to the breastbone.
        paired(
            "neck",
            smooth(
                [
                    (88.5, 62.0),
                    (93.0, 61.0),
                    (97.0, 70.0),
                    (99.0, 80.0),
                    (96.5, 85.0),
                    (90.0, 84.0),
                    (84.5, 78.0),
                    (87.0, 70.0),
                ],
                samples=4,
            ),
            "front",
        ),
        # Front of the shoulder joint.
        paired("shoulders", Ellipse(61.5, 97.0, 9.5, 11.0), "front"),
        # Outer hip at the level of the greater trochanter.
        paired("hip-buttock", Ellipse(72.0, 225.0, 8.0, 10.0), "front"),
        # Groin crease and the front of the thigh.
        paired(
            "leg-anterior-thigh-groin",
            smooth(
                [
                    (83.0, 217.0),
                    (92.0, 227.0),
                    (98.5, 240.0),
                    (98.5, 268.0),
                    (97.0, 298.0),
                    (91.0, 306.0),
                    (85.5, 302.0),
                    (83.5, 278.0),
                    (82.5, 248.0),
                ],
                samples=4,
            ),
            "front",
        ),
        paired("leg-lateral-thigh", _LATERAL_THIGH, "front"),
        # Kneecap.
        paired("leg-knee", _KNEE, "front"),
    ]
)

FRONT = BodyView(
    name="front", width=WIDTH, height=HEIGHT, outline=outline(FOOT_FRONT), regions=_FRONT_REGIONS
)
BACK = BodyView(name="back", width=WIDTH, height=HEIGHT, outline=outline(FOOT_BACK), regions=_BACK_REGIONS)

VIEWS: dict[str, BodyView] = {"front": FRONT, "back": BACK}


def region_slugs(view: BodyView) -> set[str]:
    """The slugs of all regions drawn in ``view``."""
    return {shape.region for shape in view.regions}


def shapes_for(view: BodyView, region: str) -> tuple[RegionShape, ...]:
    """All shapes of ``region`` in ``view`` (empty if the region is not drawn there)."""
    return tuple(shape for shape in view.regions if shape.region == region)
