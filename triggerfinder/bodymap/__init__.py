"""Geometry of the clickable body map: a simple, gender-neutral figure seen from the front and the back.

Coordinate system
    Each view is ``WIDTH`` (200) units wide and ``HEIGHT`` (440) units high. The origin is the top-left
    corner and y grows downward, exactly like an SVG ``viewBox="0 0 200 440"``. The figure stands upright,
    centred on x = 100, and is about 7.5 heads tall (crown at y = 6, soles at y = 432).

Sides
    ``RegionShape.side`` is given from the person's own point of view. In the BACK view we look at the
    person's back, so their left side is on the viewer's left (x < 100). In the FRONT view we face the
    person, so their left side is on the viewer's right (x > 100).

Why polygons and ellipses
    The same geometry is drawn in two places: as inline SVG on the web and as vector shapes in the PDF
    handout (reportlab). Both understand polygons and ellipses natively, whereas SVG path strings would
    need a parser on the PDF side. Curved outlines are therefore sampled into polygons once, when this
    module is imported.

Drawing hint
    ``BodyView.outline`` is a set of overlapping shapes. To get one clean silhouette, draw the stroke of
    every outline shape first and the fills on top afterwards (or stroke a union), otherwise the seams where
    limbs meet the torso show up as lines.

Trigger-point marks
    ``TRIGGER_POINT_MARKS`` places one to four marks per muscle on the figure, on the person's right side
    only for paired muscles (the handout draws one side; the client treats both). The marks are approximate:
    they were drawn for this project from the textual descriptions in the knowledge base, not traced from an
    anatomical atlas, and only show where to look, not exact anatomy.

This module is pure Python (standard library only) so it can be used and tested without Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WIDTH = 200.0
HEIGHT = 440.0
CENTER_X = WIDTH / 2

Point = tuple[float, float]


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float


Shape = Polygon | Ellipse


@dataclass(frozen=True)
class RegionShape:
    region: str
    shape: Shape
    side: str  # "left" | "right" | "center", from the person's own point of view


@dataclass(frozen=True)
class BodyView:
    name: str  # "front" | "back"
    width: float
    height: float
    outline: tuple[Shape, ...]
    regions: tuple[RegionShape, ...]


# --------------------------------------------------------------------------------------------------
# Construction helpers (private)
# --------------------------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value, 2) + 0.0  # "+ 0.0" turns -0.0 into 0.0


def _smooth(control: Sequence[Point], samples: int = 5) -> Polygon:
    """A closed Catmull-Rom curve through ``control``, sampled into a polygon."""
    count = len(control)
    points: list[Point] = []
    for index in range(count):
        p0 = control[(index - 1) % count]
        p1 = control[index]
        p2 = control[(index + 1) % count]
        p3 = control[(index + 2) % count]
        for step in range(samples):
            t = step / samples
            t2 = t * t
            t3 = t2 * t
            coords = []
            for axis in (0, 1):
                coords.append(
                    0.5
                    * (
                        2 * p1[axis]
                        + (p2[axis] - p0[axis]) * t
                        + (2 * p0[axis] - 5 * p1[axis] + 4 * p2[axis] - p3[axis]) * t2
                        + (3 * p1[axis] - p0[axis] - 3 * p2[axis] + p3[axis]) * t3
                    )
                )
            points.append((_round(coords[0]), _round(coords[1])))
    return Polygon(tuple(points))


def _rounded_rect(x0: float, y0: float, x1: float, y1: float, radius: float, samples: int = 4) -> Polygon:
    """An axis-aligned rectangle with rounded corners, as a polygon."""
    corners = (
        (x1 - radius, y0 + radius, -90.0),
        (x1 - radius, y1 - radius, 0.0),
        (x0 + radius, y1 - radius, 90.0),
        (x0 + radius, y0 + radius, 180.0),
    )
    points: list[Point] = []
    for cx, cy, start in corners:
        for step in range(samples + 1):
            angle = math.radians(start + 90.0 * step / samples)
            points.append((_round(cx + radius * math.cos(angle)), _round(cy + radius * math.sin(angle))))
    return Polygon(tuple(points))


def _mirror(shape: Shape) -> Shape:
    """The same shape reflected on the figure's vertical centre line."""
    if isinstance(shape, Ellipse):
        return Ellipse(_round(WIDTH - shape.cx), shape.cy, shape.rx, shape.ry)
    return Polygon(tuple((_round(WIDTH - x), y) for x, y in reversed(shape.points)))


def _both(shape: Shape) -> tuple[Shape, Shape]:
    """A shape drawn on the viewer's left plus its mirror image on the viewer's right."""
    return shape, _mirror(shape)


def _paired(region: str, viewer_left: Shape, view: str) -> tuple[RegionShape, RegionShape]:
    """Left and right shapes of a paired region, given the shape on the viewer's left (x < 100)."""
    viewer_right = _mirror(viewer_left)
    if view == "back":  # we see the back: the person's left is on our left
        return RegionShape(region, viewer_left, "left"), RegionShape(region, viewer_right, "right")
    return RegionShape(region, viewer_right, "left"), RegionShape(region, viewer_left, "right")


def _centre(region: str, shape: Shape) -> tuple[RegionShape]:
    return (RegionShape(region, shape, "center"),)


def _flatten(groups: Iterable[tuple[RegionShape, ...]]) -> tuple[RegionShape, ...]:
    return tuple(shape for group in groups for shape in group)


# --------------------------------------------------------------------------------------------------
# The silhouette (shared by both views, apart from the feet)
# --------------------------------------------------------------------------------------------------

_HEAD = Ellipse(100.0, 34.0, 21.0, 28.0)
_EARS = _both(Ellipse(79.5, 37.0, 3.5, 7.0))

_NECK = _smooth(
    [
        (88.5, 46.0),
        (111.5, 46.0),
        (112.5, 62.0),
        (115.5, 72.0),
        (120.0, 80.0),
        (80.0, 80.0),
        (84.5, 72.0),
        (87.5, 62.0),
    ],
    samples=4,
)

# Viewer's left half of the torso, from the base of the neck round to the crotch; mirrored for the right.
_TORSO_HALF: tuple[Point, ...] = (
    (100.0, 73.0),
    (86.0, 74.0),
    (74.0, 78.0),
    (62.0, 82.0),
    (55.0, 87.0),
    (53.0, 96.0),
    (56.0, 110.0),
    (61.0, 117.5),
    (66.5, 121.5),
    (68.5, 132.0),
    (69.5, 148.0),
    (72.5, 172.0),
    (71.0, 190.0),
    (66.0, 206.0),
    (63.5, 220.0),
    (64.0, 234.0),
    (75.0, 242.0),
    (90.0, 244.0),
)
_TORSO = _smooth(
    [*_TORSO_HALF, (100.0, 245.0), *((WIDTH - x, y) for x, y in reversed(_TORSO_HALF[1:]))], samples=4
)

_ARM = _smooth(
    [
        (72.0, 84.0),
        (60.0, 82.5),
        (51.0, 89.0),
        (47.5, 102.0),
        (45.5, 130.0),
        (43.0, 158.0),
        (41.0, 176.0),
        (38.5, 204.0),
        (37.5, 234.0),
        (49.5, 236.0),
        (52.0, 206.0),
        (55.5, 180.0),
        (59.0, 156.0),
        (62.5, 130.0),
        (66.0, 112.0),
        (70.0, 96.0),
    ],
    samples=4,
)
_HAND = _smooth(
    [
        (37.0, 232.0),
        (50.0, 232.0),
        (52.5, 244.0),
        (51.5, 258.0),
        (46.0, 268.0),
        (40.0, 267.0),
        (35.5, 256.0),
        (35.0, 243.0),
    ],
    samples=4,
)

_LEG = _smooth(
    [
        (66.0, 205.0),
        (99.5, 212.0),
        (100.0, 240.0),
        (99.0, 270.0),
        (97.5, 300.0),
        (96.5, 322.0),
        (97.5, 348.0),
        (96.0, 374.0),
        (93.5, 396.0),
        (93.5, 412.0),
        (81.5, 412.0),
        (80.5, 398.0),
        (75.5, 376.0),
        (72.5, 352.0),
        (73.5, 330.0),
        (71.0, 310.0),
        (66.0, 288.0),
        (63.0, 262.0),
        (62.5, 232.0),
    ],
    samples=4,
)

# Seen from the front the feet point towards us; seen from the back only the heels and soles show.
_FOOT_FRONT = _smooth(
    [
        (81.0, 404.0),
        (93.0, 404.0),
        (95.0, 414.0),
        (95.5, 426.0),
        (87.0, 432.0),
        (77.5, 430.0),
        (75.5, 424.0),
        (78.5, 413.0),
    ],
    samples=4,
)
_FOOT_BACK = _smooth(
    [(80.5, 402.0), (94.0, 402.0), (95.5, 416.0), (93.5, 429.0), (87.0, 432.0), (80.5, 429.0), (79.0, 416.0)],
    samples=4,
)


def _outline(foot: Polygon) -> tuple[Shape, ...]:
    return (
        *_both(_ARM),
        *_both(_HAND),
        *_both(_LEG),
        *_both(foot),
        _TORSO,
        _NECK,
        *_EARS,
        _HEAD,
    )


# --------------------------------------------------------------------------------------------------
# Regions. Every paired shape is drawn on the viewer's left (x < 100) and mirrored.
# --------------------------------------------------------------------------------------------------

# Outer thigh (iliotibial band / vastus lateralis): a strip along the outer edge of the thigh, both views.
_LATERAL_THIGH = _smooth(
    [(66.0, 254.0), (79.0, 254.0), (80.0, 280.0), (81.0, 302.0), (76.0, 306.0), (70.5, 302.0), (67.0, 280.0)],
    samples=4,
)
_KNEE = Ellipse(85.5, 321.0, 9.0, 9.5)

_BACK_REGIONS = _flatten(
    [
        # Back of the head: occiput and the suboccipital area.
        _centre("head", Ellipse(100.0, 39.0, 16.0, 15.0)),
        # Back of the neck.
        _centre("neck", _rounded_rect(89.0, 59.0, 111.0, 78.0, 7.0)),
        # Shoulder tops (upper trapezius) and the upper part of the shoulder blade.
        _paired(
            "shoulders",
            _smooth(
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
        _centre("upper-back", _rounded_rect(71.0, 109.0, 129.0, 163.0, 13.0)),
        # Lumbar band above the pelvis.
        _centre("lower-back", _rounded_rect(79.0, 170.0, 121.0, 203.0, 10.0)),
        # Buttock and the side of the hip.
        _paired(
            "hip-buttock",
            _smooth(
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
        _paired(
            "leg-posterior-thigh",
            _smooth(
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
        _paired("leg-lateral-thigh", _LATERAL_THIGH, "back"),
        # Hollow of the knee.
        _paired("leg-knee", _KNEE, "back"),
        # Calf down to the heel.
        _paired(
            "leg-calf-heel",
            _smooth(
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

_FRONT_REGIONS = _flatten(
    [
        # Forehead, temples and face.
        _centre("head", Ellipse(100.0, 31.0, 17.0, 19.0)),
        # Sides of the neck (sternocleidomastoid), running from behind the jaw down to the breastbone.
        _paired(
            "neck",
            _smooth(
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
        _paired("shoulders", Ellipse(61.5, 97.0, 9.5, 11.0), "front"),
        # Outer hip at the level of the greater trochanter.
        _paired("hip-buttock", Ellipse(72.0, 225.0, 8.0, 10.0), "front"),
        # Groin crease and the front of the thigh.
        _paired(
            "leg-anterior-thigh-groin",
            _smooth(
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
        _paired("leg-lateral-thigh", _LATERAL_THIGH, "front"),
        # Kneecap.
        _paired("leg-knee", _KNEE, "front"),
    ]
)

FRONT = BodyView(
    name="front", width=WIDTH, height=HEIGHT, outline=_outline(_FOOT_FRONT), regions=_FRONT_REGIONS
)
BACK = BodyView(name="back", width=WIDTH, height=HEIGHT, outline=_outline(_FOOT_BACK), regions=_BACK_REGIONS)

VIEWS: dict[str, BodyView] = {"front": FRONT, "back": BACK}


# --------------------------------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------------------------------


def region_slugs(view: BodyView) -> set[str]:
    """The slugs of all regions drawn in ``view``."""
    return {shape.region for shape in view.regions}


def shapes_for(view: BodyView, region: str) -> tuple[RegionShape, ...]:
    """All shapes of ``region`` in ``view`` (empty if the region is not drawn there)."""
    return tuple(shape for shape in view.regions if shape.region == region)


def polygon_svg_points(polygon: Polygon) -> str:
    """The points of ``polygon`` in SVG ``points`` syntax: ``"x1,y1 x2,y2 ..."``, rounded to 1 decimal."""
    return " ".join(f"{_format(x)},{_format(y)}" for x, y in polygon.points)


def _format(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    return "0.0" if text == "-0.0" else text


# --------------------------------------------------------------------------------------------------
# Trigger-point marks
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerPointMark:
    view: str  # "front" | "back"
    x: float
    y: float


def _back(*points: Point) -> tuple[TriggerPointMark, ...]:
    """Marks in the back view; the person's right side is on the viewer's right (x > 100)."""
    return tuple(TriggerPointMark("back", x, y) for x, y in points)


def _front(*points: Point) -> tuple[TriggerPointMark, ...]:
    """Marks in the front view; the person's right side is on the viewer's left (x < 100)."""
    return tuple(TriggerPointMark("front", x, y) for x, y in points)


# Landmarks used below (the person's right side, back view, unless noted): base of the skull y ≈ 50,
# angle of the neck ≈ (114, 78), shoulder tip ≈ (145, 88), spine of the shoulder blade y ≈ 100–105 with its
# inner border at x ≈ 117, lowest rib y ≈ 166, top of the pelvis (iliac crest) y ≈ 203, greater trochanter
# ≈ (135, 228), knee crease y ≈ 321, heel y ≈ 425. Front view: navel ≈ (100, 188), front of the pelvis (ASIS)
# ≈ (77, 208), groin crease ≈ (88, 238).
TRIGGER_POINT_MARKS: dict[str, tuple[TriggerPointMark, ...]] = {
    # --- head and neck ---
    "suboccipitals": _back((107.0, 50.0)),
    "semispinalis-capitis": _back((103.5, 56.0), (104.5, 67.0)),
    "splenius-capitis": _back((111.0, 53.0)),
    "splenius-cervicis": _back((109.0, 63.0), (112.0, 74.0)),
    "levator-scapulae": _back((115.0, 79.0), (118.0, 91.0)),
    "sternocleidomastoid": _front((89.5, 62.0), (92.0, 71.0), (95.5, 79.0)),
    "scalenes": _front((85.0, 76.0)),
    # --- shoulder and upper back ---
    "trapezius-upper": _back((129.0, 83.0), (137.0, 93.0)),
    "trapezius-middle-lower": _back((110.0, 104.0), (118.0, 127.0)),
    "rhomboids": _back((112.0, 114.0), (114.0, 136.0)),
    "serratus-posterior-superior": _back((118.0, 101.0)),
    "infraspinatus": _back((123.0, 113.0), (134.0, 114.0), (119.0, 126.0)),
    # Above the spine of the shoulder blade (supraspinous fossa), medial and lateral belly.
    "supraspinatus": _back((124.0, 96.0), (134.0, 95.0)),
    # Front of the shoulder blade, shown where it can be reached: the back wall of the armpit at the
    # outer border of the shoulder blade.
    "subscapularis": _back((140.0, 112.0), (138.0, 121.0)),
    "latissimus-dorsi": _back((131.0, 122.0)),
    "iliocostalis-thoracis": _back((113.0, 122.0), (115.0, 156.0)),
    "multifidi": _back((103.0, 72.0), (103.5, 138.0), (104.0, 190.0)),
    # --- low back ---
    "longissimus-thoracis": _back((108.0, 162.0)),
    "serratus-posterior-inferior": _back((124.0, 155.0)),
    "iliocostalis-lumborum": _back((116.0, 176.0)),
    "quadratus-lumborum": _back((121.0, 170.0), (112.5, 185.0), (121.0, 198.0)),
    "rectus-abdominis": _front((91.0, 150.0), (94.0, 207.0), (95.0, 224.0)),
    "iliopsoas": _front((86.0, 190.0), (79.0, 209.0), (89.0, 246.0)),
    # --- hip and buttock ---
    "gluteus-medius": _back((112.0, 210.0), (123.0, 208.0), (132.0, 214.0)),
    "gluteus-minimus": _back((126.0, 218.0), (133.0, 227.0)),
    "gluteus-maximus": _back((107.0, 222.0), (117.0, 240.0), (104.0, 243.0)),
    "piriformis": _back((115.0, 226.0), (126.0, 228.0)),
    "tensor-fasciae-latae": _front((76.0, 216.0), (69.5, 222.0)),
    # --- thigh ---
    "rectus-femoris": _front((83.0, 250.0)),
    # Inner upper thigh, a hand's width below the groin crease, medial to the femoral pulse.
    "adductor-longus-brevis": _front((95.5, 254.0), (95.0, 268.0)),
    # Inner lower thigh, above and inside the kneecap.
    "vastus-medialis": _front((93.5, 303.0), (93.0, 291.0)),
    "vastus-lateralis": _front((70.0, 262.0), (72.5, 281.0), (76.0, 299.0)),
    "hamstrings": _back((112.0, 272.0), (106.0, 292.0), (118.0, 292.0)),
    # --- calf ---
    "gastrocnemius": _back((108.0, 342.0), (121.0, 340.0)),
    "soleus": _back((110.0, 392.0), (119.0, 362.0)),
}


def marks_for(slug: str) -> tuple[TriggerPointMark, ...]:
    """The trigger-point marks of the muscle ``slug`` (empty for an unknown muscle)."""
    return TRIGGER_POINT_MARKS.get(slug, ())


def view_for_marks(slug: str, default: str = "back") -> str:
    """The view most of the muscle's marks are drawn on; ``default`` if it has none or on a tie."""
    counts: dict[str, int] = {}
    for mark in marks_for(slug):
        counts[mark.view] = counts.get(mark.view, 0) + 1
    if not counts:
        return default
    best = max(counts.values())
    leaders = [view for view, count in counts.items() if count == best]
    return default if default in leaders else leaders[0]
