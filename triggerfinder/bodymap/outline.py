"""The silhouette of the figure, shared by both views apart from the feet.

Every paired shape is drawn on the viewer's left (x < 100) and mirrored.

Drawing hint
    ``BodyView.outline`` is a set of overlapping shapes. To get one clean silhouette, draw the stroke of
    every outline shape first and the fills on top afterwards (or stroke a union), otherwise the seams where
    limbs meet the torso show up as lines.
"""

from __future__ import annotations

from triggerfinder.bodymap.geometry import WIDTH, Ellipse, Point, Polygon, Shape, both, smooth

_HEAD = Ellipse(100.0, 34.0, 21.0, 28.0)
_EARS = both(Ellipse(79.5, 37.0, 3.5, 7.0))

_NECK = smooth(
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
_TORSO = smooth(
    [*_TORSO_HALF, (100.0, 245.0), *((WIDTH - x, y) for x, y in reversed(_TORSO_HALF[1:]))], samples=4
)

_ARM = smooth(
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
_HAND = smooth(
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

_LEG = smooth(
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
FOOT_FRONT = smooth(
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
FOOT_BACK = smooth(
    [(80.5, 402.0), (94.0, 402.0), (95.5, 416.0), (93.5, 429.0), (87.0, 432.0), (80.5, 429.0), (79.0, 416.0)],
    samples=4,
)


def outline(foot: Polygon) -> tuple[Shape, ...]:
    return (
        *both(_ARM),
        *both(_HAND),
        *both(_LEG),
        *both(foot),
        _TORSO,
        _NECK,
        *_EARS,
        _HEAD,
    )
