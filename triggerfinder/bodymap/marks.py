"""Where each muscle's trigger points are marked on the figure.

``TRIGGER_POINT_MARKS`` places one to four marks per muscle on the figure, on the person's right side
only for paired muscles (the handout draws one side; the client treats both). The marks are approximate:
they were drawn for this project from the textual descriptions in the knowledge base, not traced from an
anatomical atlas, and only show where to look, not exact anatomy.
"""

from __future__ import annotations

from dataclasses import dataclass

from triggerfinder.bodymap.geometry import Point


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
